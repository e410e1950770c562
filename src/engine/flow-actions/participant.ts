// Flow actions that speak to the chat's participants (spec flows.md §3.4).
import { addItem, systemSender } from '../chat-session.js';
import { TEXT_PLAIN } from '../chat-content.js';
import type { ActionHandler, ActionResult } from '../flow-runner.js';
import { interpolate } from '../flow-values.js';

const noMatch = (why: string): ActionResult => ({ kind: 'error', type: 'NoMatchingError', why });
/** the most a system message carries (flows.md §3.4) */
const MAX_TEXT = 6000;

/** Posts Text to the chat as a SYSTEM message; SSML, prompts and media are voice-only. */
const MessageParticipant: ActionHandler = async (x) => {
  if (!x.contact.data.Chat) return noMatch('MessageParticipant sends text to chats only');
  if (x.params.Text === undefined) return noMatch('a chat takes Text only (SSML, PromptId and Media are voice)');
  const text = (await interpolate(x, x.params.Text)).slice(0, MAX_TEXT);
  // nothing to say after interpolation: nothing is sent
  if (text) await addItem(x.w, x.p, x.contact, { Type: 'MESSAGE', ContentType: TEXT_PLAIN, Content: text, ...systemSender(x.contact) });
  return { kind: 'next' };
};

/** On a chat, loop prompts take the error branch at once (and without one the flow stops). */
const MessageParticipantIteratively: ActionHandler = async () => noMatch('loop prompts are voice-only');

/** DTMF and Lex input: a chat without Lex takes the error branch. */
const noInput: ActionHandler = async () => noMatch('customer input on a chat needs Lex, which connect-local does not have');

export const participantActions: Record<string, ActionHandler> = {
  MessageParticipant,
  MessageParticipantIteratively,
  GetParticipantInput: noInput,
  ConnectParticipantWithLexBot: noInput,
  DisconnectParticipant: async () => ({ kind: 'end', how: 'disconnect' }),
};
