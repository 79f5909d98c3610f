/**
 * Follows the right panel's user view: when one appears or shows another member, asks the background
 * for that member's verdict and sessions in the current room, and shows them under Element's verdict.
 */
import { USER_INFO_HOST_TAG, USER_INFO_SELECTOR, UserInfoView, userIdOfUserInfo } from "./user-info-view.ts";
import type { VerdictSource } from "./verdict-cache.ts";
import type { AskPacer } from "./ask-pacer.ts";

export class UserInfoTracker {
  private card: Element | null = null;
  private observer: MutationObserver | null = null;
  private readonly view = new UserInfoView();
  private asked: { room: string; userId: string } | null = null;
  private generation = 0;
  private inFlight = 0;

  constructor(
    private readonly source: VerdictSource,
    /** The room ref the badges follow (from the URL), or null. */
    private readonly room: () => string | null,
    /** Shared with the member list: a page flipping the user view's member cannot speed up the asks. */
    private readonly pacer: AskPacer,
  ) {}

  /** Whether an ask is waiting for its turn or on its way. */
  get busy(): boolean {
    return this.inFlight > 0;
  }

  /** Looks for a new user view among added nodes only: the cost follows what was added. */
  follow(records: MutationRecord[]): void {
    if (this.card && !this.card.isConnected) this.detach();
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element) || node.localName === USER_INFO_HOST_TAG) continue;
        const card = node.matches(USER_INFO_SELECTOR) ? node : node.querySelector(USER_INFO_SELECTOR);
        if (card && card !== this.card) this.attach(card);
      }
    }
  }

  /** Attaches to a user view already on the page (at start). */
  scan(doc: Document): void {
    const card = doc.querySelector(USER_INFO_SELECTOR);
    if (card) this.attach(card);
  }

  /** Asks again (push, poll, room change). */
  refresh(): void {
    this.asked = null;
    this.update();
  }

  stop(): void {
    this.detach();
  }

  private attach(card: Element): void {
    this.detach();
    this.card = card;
    // Element reuses the card for another member: its text changes, so watch text too (this card only).
    this.observer = new MutationObserver(() => this.update());
    this.observer.observe(card, { childList: true, subtree: true, characterData: true });
    this.update();
  }

  /** Under Element's own verdict (or the profile), once there is something to show. */
  private place(card: Element): void {
    const anchor = card.querySelector(".mx_UserInfo_verification") ?? card.querySelector(".mx_UserInfo_profile");
    if (anchor && this.view.host.previousElementSibling !== anchor) anchor.after(this.view.host);
    else if (!anchor && this.view.host.parentNode !== card) card.append(this.view.host);
  }

  private detach(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.card = null;
    this.asked = null;
    this.generation++; // an ask still waiting for its turn is for a view that is gone
    this.view.clear();
  }

  private update(): void {
    const card = this.card;
    if (!card) return;
    const room = this.room();
    const userId = userIdOfUserInfo(card);
    if (!room || !userId) {
      this.asked = null;
      this.view.clear();
      return;
    }
    if (this.view.showing) this.place(card);
    if (this.asked?.room === room && this.asked.userId === userId) return;
    this.asked = { room, userId };
    this.view.clear();
    const generation = ++this.generation;
    this.inFlight++;
    void this.pacer
      .turn(() => generation === this.generation)
      .then(async (go) => {
        if (!go || generation !== this.generation) return; // the view shows someone else by now: not asked
        let answer;
        try {
          answer = await this.source(room, [userId], userId);
        } catch {
          if (generation === this.generation) this.asked = null; // refused: try again on the next refresh
          return;
        }
        if (generation !== this.generation) return;
        const badge = answer.members.find((m) => m.userId === userId);
        if (!badge || !this.card) return;
        this.view.show(badge);
        this.place(this.card);
      })
      .finally(() => this.inFlight--);
  }
}
