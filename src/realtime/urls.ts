// The URLs on this server that stand in for AWS's: the chat websocket (AWS: a wss:// URL of
// its own) and attachment uploads and downloads (AWS: presigned S3 URLs). Each carries a ticket.
import type { Tickets } from '../engine/tickets.js';

export const WEBSOCKET_PATH = '/connect/chat-websocket';
export const ATTACHMENT_PATH = '/_local/attachments/';

/** ws:// on the same host and port: chatjs accepts ws:// only on 127.0.0.1 */
export function websocketUrl(tickets: Tickets, subject: string, expiresAt: number): string {
  return `${tickets.base.replace(/^http/, 'ws')}${WEBSOCKET_PATH}?ticket=${tickets.issue(subject, expiresAt)}`;
}

export function attachmentUrl(tickets: Tickets, subject: string, expiresAt: number): string {
  return `${tickets.base}${ATTACHMENT_PATH}${tickets.issue(subject, expiresAt)}`;
}
