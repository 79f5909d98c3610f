/**
 * The messages between the popup, the content script and the background, in three parts, all
 * exported from here for the code that sends, handles or checks them:
 * - `domain-types.ts`: what the messages talk about (session status, badges, settings, history…);
 * - `message-table.ts`: the one table of messages (request and answer of each) and the pushes;
 * - `parse-request.ts`: how an untrusted message is checked (shape, and who may send it).
 */
export * from "./domain-types.ts";
export * from "./message-table.ts";
export * from "./parse-request.ts";
