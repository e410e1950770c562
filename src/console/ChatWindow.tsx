// One test chat as its customer: the connection (CreateParticipantConnection), the transcript
// (GetTranscript once, then every item live over the chat websocket), sending messages and
// leaving (DisconnectParticipant).
import { useEffect, useRef, useState } from 'preact/hooks';
import { createConnection, disconnect, getTranscript, sendMessage, type Item, type StartedChat } from './api';
import { openChatSocket } from './chat-socket';
import { Transcript } from './Transcript';
import { message } from './util';

const ENDED = 'application/vnd.amazonaws.connect.event.chat.ended';

type State = 'connecting' | 'open' | 'ended' | 'closed';

/** Adds items not seen yet (by Id), kept in time order. */
function merge(items: Item[], more: Item[]): Item[] {
  const seen = new Set(items.map((i) => i.Id));
  const fresh = more.filter((i) => !i.Id || !seen.has(i.Id));
  if (!fresh.length) return items;
  return [...items, ...fresh].sort((a, b) => (a.AbsoluteTime ?? '').localeCompare(b.AbsoluteTime ?? ''));
}

export function ChatWindow({ chat, flow }: { chat: StartedChat; flow: string }) {
  const [items, setItems] = useState<Item[]>([]);
  const [state, setState] = useState<State>('connecting');
  const [error, setError] = useState<string | undefined>();
  const [text, setText] = useState('');
  const token = useRef<string | undefined>(undefined);

  useEffect(() => {
    let socket: { close(): void } | undefined;
    let gone = false;
    const add = (more: Item[]) => {
      setItems((is) => merge(is, more));
      if (more.some((i) => i.ContentType === ENDED)) setState('ended');
    };
    (async () => {
      const conn = await createConnection(chat.ParticipantToken);
      token.current = conn.ConnectionCredentials?.ConnectionToken;
      const url = conn.Websocket?.Url;
      if (gone || !url || !token.current) return;
      const connectionToken = token.current;
      socket = openChatSocket(
        url,
        (item) => add([item]),
        (s) => {
          if (s === 'closed') return setState((st) => (st === 'ended' ? st : 'closed'));
          setState((st) => (st === 'connecting' ? 'open' : st));
          // subscribed: what came before the socket, from the transcript
          getTranscript(connectionToken).then(add, (e) => setError(message(e)));
        },
      );
    })().catch((e) => setError(message(e)));
    return () => {
      gone = true;
      socket?.close();
    };
  }, [chat.ParticipantToken]);

  const send = async (e: Event) => {
    e.preventDefault();
    const content = text.trim();
    if (!content || !token.current) return;
    setError(undefined);
    try {
      await sendMessage(token.current, content);
      setText('');
    } catch (err) {
      setError(message(err));
    }
  };
  const leave = async () => {
    if (!token.current) return;
    try {
      await disconnect(token.current);
    } catch (err) {
      setError(message(err));
    }
  };

  return (
    <article class="chat" data-contact-id={chat.ContactId}>
      <header>
        <strong>{flow}</strong> <span class="mono muted">contact {chat.ContactId}</span>{' '}
        <span class={`state state-${state}`} data-state={state}>
          {state}
        </span>
      </header>
      <Transcript items={items} />
      <form class="row" onSubmit={send}>
        <input class="chat-input" aria-label="message" placeholder="Type a message as the customer" value={text} disabled={state !== 'open'} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        <button class="chat-send" disabled={state !== 'open' || !text.trim()}>
          Send
        </button>
        <button type="button" class="chat-leave" disabled={state !== 'open'} onClick={leave}>
          End chat
        </button>
      </form>
      {error && <p class="error">{error}</p>}
    </article>
  );
}
