/** Who would be left out, or make sending fail, under the stricter key-sharing policies. */
import type { MemberTrust, PolicyPreview } from "../../core/verdicts.ts";
import { plural, S } from "../strings.ts";
import { UserText } from "./UserText.tsx";

function nameOf(members: readonly MemberTrust[], userId: string): string | null {
  return members.find((m) => m.userId === userId)?.displayName ?? null;
}

export function PolicyPreviewView({ preview, members }: { preview: PolicyPreview; members: readonly MemberTrust[] }) {
  return (
    <details class="policy" data-excluded={preview.excludedDevices.length}>
      <summary>{S.room.policyTitle}</summary>
      {preview.onlySignedBlocked !== null && <p class="tone-warning">{S.room.policyBlocked[preview.onlySignedBlocked]}</p>}
      {preview.excludedDevices.length === 0 ? (
        <p>{S.room.policyNoneExcluded}</p>
      ) : (
        <>
          <p>{plural(preview.excludedDevices.length, S.room.policyExcluded)}</p>
          <ul class="plain">
            {preview.excludedDevices.map((d) => (
              <li key={`${d.userId}\u0000${d.deviceId}`} data-excluded-device={d.deviceId}>
                <UserText text={nameOf(members, d.userId)} fallback={d.userId} /> <span class="mxid">{d.userId}</span> · {d.deviceId}
              </li>
            ))}
          </ul>
        </>
      )}
      {preview.onlySignedFailingUsers.length > 0 && <UserList title={S.room.policyFailing} users={preview.onlySignedFailingUsers} members={members} />}
      {preview.failingUsers.length > 0 && <UserList title={S.room.policyStrictFailing} users={preview.failingUsers} members={members} />}
    </details>
  );
}

function UserList({ title, users, members }: { title: string; users: string[]; members: readonly MemberTrust[] }) {
  return (
    <>
      <p>{title}</p>
      <ul class="plain">
        {users.map((userId) => (
          <li key={userId}>
            <UserText text={nameOf(members, userId)} fallback={userId} /> <span class="mxid">{userId}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
