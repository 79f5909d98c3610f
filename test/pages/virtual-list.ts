/**
 * A virtualized member list that behaves like react-virtuoso in Element Web's current member list:
 * fixed 56 px rows, about 840 px of overscan, rows mounted and unmounted while scrolling, and rows
 * kept and re-rendered in place for another member (recycling).
 */
import { renderTile, sameKindOfTile, updateTile } from "./current-tile.ts";
import { el, type PageMember } from "./members.ts";

export const ROW_HEIGHT = 56;
export const OVERSCAN_PX = 840;

/** An item of the list: a member, or the separator between joined and invited members. */
type Item = { member: PageMember } | { separator: true };

export class VirtualList {
  readonly scroller: HTMLElement;
  private readonly body: HTMLElement;
  private items: Item[] = [];
  /** Mounted rows by position in the list; a row leaving the range is reused for one entering it. */
  private readonly rows = new Map<number, HTMLElement>();
  private frame = 0;

  constructor(parent: HTMLElement, height: number) {
    this.body = el("div", { "data-testid": "virtuoso-item-list", style: "position: relative;" });
    this.scroller = el("div", { role: "listbox", "aria-label": "Room members", "data-virtuoso-scroller": "true", tabindex: "0",
      style: `height: ${height}px; overflow-y: auto; position: relative; outline: none;` }, this.body);
    this.scroller.addEventListener("scroll", () => this.scheduleRender());
    parent.append(this.scroller);
  }

  setMembers(members: PageMember[]): void {
    const joined = members.filter((m) => m.membership !== "invite");
    const invited = members.filter((m) => m.membership === "invite");
    this.items = joined.map((member): Item => ({ member }));
    if (invited.length > 0) this.items.push({ separator: true }, ...invited.map((member): Item => ({ member })));
    this.body.style.height = `${this.items.length * ROW_HEIGHT}px`;
    // Like a new data set in React with index keys: every mounted row re-renders with its new item.
    for (const [index, row] of this.rows) {
      if (index < this.items.length) this.fill(row, index);
    }
    this.render();
  }

  /** Renders synchronously (tests and the bench call it after setting scrollTop). */
  render(): void {
    cancelAnimationFrame(this.frame);
    const top = Math.max(0, this.scroller.scrollTop - OVERSCAN_PX);
    const bottom = this.scroller.scrollTop + this.scroller.clientHeight + OVERSCAN_PX;
    const first = Math.floor(top / ROW_HEIGHT);
    const last = Math.min(this.items.length - 1, Math.ceil(bottom / ROW_HEIGHT) - 1);
    const spare: HTMLElement[] = [];
    for (const [index, row] of this.rows) {
      if (index < first || index > last) {
        this.rows.delete(index);
        spare.push(row);
      }
    }
    for (let index = first; index <= last; index++) {
      if (this.rows.has(index)) continue;
      const row = spare.pop() ?? this.mount();
      this.rows.set(index, row);
      this.fill(row, index);
    }
    // Rows not reused unmount, as virtuoso unmounts what left the range.
    for (const row of spare) row.remove();
  }

  private scheduleRender(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.render());
  }

  private mount(): HTMLElement {
    const row = el("div", { style: `position: absolute; left: 0; right: 0; height: ${ROW_HEIGHT}px;` });
    this.body.append(row);
    return row;
  }

  private fill(row: HTMLElement, index: number): void {
    const item = this.items[index]!;
    row.dataset.index = String(index);
    row.dataset.itemIndex = String(index);
    row.style.top = `${index * ROW_HEIGHT}px`;
    if ("separator" in item) {
      row.replaceChildren(el("hr", { class: "mx_MemberListView_separator" }));
      return;
    }
    const tile = row.firstElementChild as HTMLElement | null;
    if (tile && tile.classList.contains("mx_MemberTileView") && sameKindOfTile(tile, item.member)) {
      updateTile(tile, item.member);
    } else {
      row.replaceChildren(renderTile(item.member));
    }
    const current = row.firstElementChild!;
    current.setAttribute("aria-posinset", String(index + 1));
    current.setAttribute("aria-setsize", String(this.items.length));
  }
}
