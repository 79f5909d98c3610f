/** The element that scrolls the screen; windowed lists measure themselves against it. */
import { createContext, type RefObject } from "preact";

export const ScrollParentContext = createContext<RefObject<HTMLElement | null> | null>(null);
