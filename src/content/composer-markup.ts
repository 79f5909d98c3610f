/**
 * Element Web's message composer, as far as the banner relies on it (element-web's MessageComposer;
 * only `mx_*` classes, which release builds keep). The same composer renders for the room and for
 * thread replies in the threads panel.
 */

/** `div.mx_MessageComposer` (role "region"): one per composer on screen. */
export const COMPOSER_SELECTOR = ".mx_MessageComposer";
/** Element's own identity-change banner, one person at a time, inside the composer's wrapper. */
export const ELEMENT_IDENTITY_WARNING = ".mx_UserIdentityWarning";
/** Element's send button; present only while there is something to send. */
export const SEND_BUTTON = ".mx_MessageComposer_sendMessage";
/** The editors: the plain composer's contenteditable and the rich-text lab's. */
const EDITOR_SELECTOR = ".mx_BasicMessageComposer_input, .mx_WysiwygComposer_Editor_content, [contenteditable=\"true\"]";

/** Where the banner's host goes: just before Element's wrapper, inside the composer's region. */
export function bannerSlotOf(composer: Element): { parent: Element; before: Node | null } {
  const wrapper = composer.querySelector(":scope > .mx_MessageComposer_wrapper");
  return wrapper ? { parent: composer, before: wrapper } : { parent: composer, before: composer.firstChild };
}

/** Whether an event target is (inside) the editor of one of Element's composers. */
export function isComposerEditor(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  const editor = target.closest(EDITOR_SELECTOR);
  return editor !== null && editor.closest(COMPOSER_SELECTOR) !== null;
}
