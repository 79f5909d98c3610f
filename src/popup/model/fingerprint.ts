/** An ed25519 key (unpadded base64) split into groups of four for comparing by eye. */
export function fingerprintGroups(key: string): string[] {
  const groups: string[] = [];
  for (let i = 0; i < key.length; i += 4) groups.push(key.slice(i, i + 4));
  return groups;
}
