/**
 * The background's entry point (Chrome: module service worker; Firefox: module event page).
 * The message listener is registered synchronously on every start, so a message that wakes the
 * background is delivered; start-up work runs alongside and handlers wait for it.
 */
import browser from "webextension-polyfill";
import { boot } from "./boot.ts";
import { handlerTable } from "./handler-table.ts";
import { route } from "./router.ts";
import { senderRole } from "./sender.ts";
import { followPermissionRemovals } from "./origins.ts";
import { PopupPorts } from "./popup-port.ts";
import { installVerificationService } from "./handlers/verification.ts";
import { VerificationService } from "./verification/service.ts";
import { storeVerificationRecords } from "./verification/store-records.ts";
import { startSession } from "./session/running-session.ts";
import { followSessionAlarm, syncSessionAlarm } from "./session/alarms.ts";
import { startAudit } from "./audit/running-audit.ts";
import { SessionBroadcast, sessionKey } from "./badges/session-broadcast.ts";
import { exposeBenchClient } from "./session/bench-hooks.ts";

// The session's stored state is read first (the first answer after a wake comes from it); boot counts
// the start at once, and starts the WebAssembly once that is done, a task later so the answer leaves first.
let storedStateRead!: () => void;
const booted = boot(undefined, new Promise<void>((resolve) => (storedStateRead = () => setTimeout(resolve, 0))));
// Never later than this, should reading the stored session hang (a blocked database upgrade).
setTimeout(() => storedStateRead(), 1000);
const self = { id: browser.runtime.id, pageOrigin: browser.runtime.getURL("") };

const popups = new PopupPorts(self);
browser.runtime.onConnect.addListener(popups.accept);

// The one Matrix session: restored from storage now, so the first answer comes from stored state
// while the crypto re-opens behind it. Its client answers the verification flows' key requests.
const verification = new VerificationService({
  client: () => session.client(),
  // Incoming verification requests and recovery-key prompts, even with the popup closed.
  notify: (title, message) =>
    void browser.notifications
      .create({ type: "basic", iconUrl: browser.runtime.getURL("icons/icon-128.png"), title, message })
      .catch((error: unknown) => console.warn("[verification] could not notify", error)),
  // What the user decides in a verification flow goes to the records (identity changes, history).
  records: storeVerificationRecords(async () => {
    const { db } = await booted;
    if (!db) throw new Error("The extension's storage is not open.");
    return db;
  }),
});
installVerificationService(verification);
// Open Element tabs drop their badges when the account they speak for changes (sign-out, switch, lock).
const sessionBroadcast = new SessionBroadcast();
const session = startSession(self.pageOrigin, {
  cryptoCallbacks: verification.broker.cryptoCallbacks,
  onStatusChange: () => {
    verification.followClient();
    audit.service.follow();
    // Locked or unlocked: the toolbar shows the lock, open pages' badges say "locked" (or come back).
    audit.followLock();
    // Sign-out, another account, lock or unlock: open Element tabs drop what they show and ask again.
    void session.status().then((status) => sessionBroadcast.follow(sessionKey(status))).catch(() => undefined);
    if (popups.open === 0) return;
    void session.status().then((status) => popups.post({ type: "session.status", status }));
  },
  // Sign-out: the audit forgets the account's stored report and sightings too.
  onAccountWiped: (userId) => audit.service.accountWiped(userId),
});
// The audit over the session's client: stored report at once, live once the crypto and first sync are done.
const audit = startAudit(session, popups);
// A background started locked (browser restart with a passphrase) shows the lock at once.
void session.restore().then(() => audit.followLock(), () => undefined).finally(storedStateRead);
followSessionAlarm(() => session);
// Test builds only: the audit bench runs Element's loop of public crypto calls on this client.
if (__TEST_BUILD__) exposeBenchClient(() => session.client());
void syncSessionAlarm(session).catch((error) => console.warn("[session] could not set the refresh alarm", error));

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) =>
  route({ message, role: senderRole(sender, self), tabId: sender.tab?.id, senderUrl: sender.url }, handlerTable, booted),
);

// A host permission withdrawn in the browser's settings stops the badges on that origin at once.
followPermissionRemovals();
