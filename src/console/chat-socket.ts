// The customer's chat websocket (the URL CreateParticipantConnection hands out): subscribe to
// aws/chat and every item of the chat arrives as it happens. Nothing polls.
import type { Item } from './api';

export interface ChatSocket {
  close(): void;
}

export function openChatSocket(url: string, onItem: (item: Item) => void, onState: (state: 'open' | 'closed') => void): ChatSocket {
  const ws = new WebSocket(url);
  let closing = false;
  ws.onopen = () => ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } }));
  ws.onmessage = (e) => {
    const frame = JSON.parse(String(e.data)) as { topic?: string; content?: unknown };
    if (frame.topic === 'aws/subscribe') onState('open');
    else if (frame.topic === 'aws/chat' && typeof frame.content === 'string') onItem(JSON.parse(frame.content) as Item);
  };
  ws.onclose = () => {
    if (!closing) onState('closed');
  };
  return {
    close() {
      closing = true;
      ws.close();
    },
  };
}
