/**
 * The demo page's own script: loads the rooms from the demo server, lists them on the left and hands
 * their members to the Element-like member list (test/pages/app.ts), which renders the room in the hash.
 */
import "../../../pages/app.ts";
import { roomInHash } from "../../../pages/members.ts";
import type { DemoPageData, DemoRoom } from "../room-pages.ts";

const list = document.querySelector<HTMLElement>("#room-list ul")!;
const title = document.querySelector<HTMLElement>(".demo-room-header h1")!;
const topic = document.querySelector<HTMLElement>(".demo-topic")!;

function roomLink(room: DemoRoom): HTMLElement {
  const link = document.createElement("a");
  link.href = `#/room/${encodeURIComponent(room.roomId)}`;
  link.dataset.roomId = room.roomId;
  const name = document.createElement("span");
  name.textContent = room.name; // other people's text: text only
  link.append(name);
  if (!room.encrypted) {
    const plain = document.createElement("span");
    plain.className = "demo-plain";
    plain.textContent = "not encrypted";
    link.append(plain);
  }
  const item = document.createElement("li");
  item.append(link);
  return item;
}

function showHeader(data: DemoPageData): void {
  const ref = roomInHash(location.hash);
  const roomId = ref?.startsWith("#") ? data.aliases[ref] : ref;
  const room = data.rooms.find((r) => r.roomId === roomId);
  title.textContent = room?.name ?? "Choose a room";
  topic.textContent = room?.topic ?? "";
  for (const link of list.querySelectorAll<HTMLElement>("a")) {
    if (link.dataset.roomId === room?.roomId) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

async function start(): Promise<void> {
  const data = (await (await fetch("rooms.json", { cache: "no-store" })).json()) as DemoPageData;
  document.querySelector(".demo-account")!.textContent = `Signed in as ${data.userId}`;
  // As Element records who is signed in: the extension badges only a tab signed in as its own account.
  window.elementLike.signIn(data.userId);
  list.replaceChildren(...data.rooms.map(roomLink));
  window.elementLike.setRooms(Object.fromEntries(data.rooms.map((r) => [r.roomId, r.members])), data.aliases);
  window.addEventListener("hashchange", () => showHeader(data));
  if (!roomInHash(location.hash) && data.rooms[0]) location.hash = `#/room/${encodeURIComponent(data.rooms[0].roomId)}`;
  showHeader(data);
  document.body.dataset.demoReady = "true";
}

start().catch((error: unknown) => {
  title.textContent = `The demo page could not load its rooms: ${String(error)}`;
});
