// "Test chat": start a chat as a customer in a flow of the instance (StartChatContact) and
// talk in it. The chat itself is ChatWindow.
import { useEffect, useState } from 'preact/hooks';
import { listFlows, startChat, type Flow, type Instance, type StartedChat } from './api';
import { ChatWindow } from './ChatWindow';
import { message } from './util';

const SAMPLE = 'Sample inbound flow (first contact experience)';

export function TestChat({ instance }: { instance: Instance }) {
  const [flows, setFlows] = useState<Flow[] | undefined>();
  const [flowId, setFlowId] = useState('');
  const [name, setName] = useState('Customer');
  const [chats, setChats] = useState<{ chat: StartedChat; flow: string }[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    listFlows(instance.Id)
      .then((all) => {
        const inbound = all.filter((f) => f.ContactFlowType === 'CONTACT_FLOW' && f.ContactFlowState !== 'ARCHIVED').sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''));
        setFlows(inbound);
        setFlowId((inbound.find((f) => f.Name === SAMPLE) ?? inbound[0])?.Id ?? '');
      })
      .catch((e) => setError(message(e)));
  }, [instance.Id]);

  const start = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const chat = await startChat(instance.Id, flowId, name.trim() || 'Customer');
      setChats((cs) => [{ chat, flow: flows?.find((f) => f.Id === flowId)?.Name ?? flowId }, ...cs]);
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h2>Test chat</h2>
      <form class="row" id="start-chat" onSubmit={start}>
        <label>
          Flow{' '}
          <select id="chat-flow" value={flowId} onChange={(e) => setFlowId((e.target as HTMLSelectElement).value)}>
            {flows?.map((f) => (
              <option key={f.Id} value={f.Id}>
                {f.Name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Your name <input id="chat-name" value={name} maxLength={256} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </label>
        <button id="chat-start" disabled={busy || !flowId}>
          Start chat
        </button>
      </form>
      {error && <p class="error">{error}</p>}
      <div class="chats">
        {chats.map(({ chat, flow }) => (
          <ChatWindow key={chat.ContactId} chat={chat} flow={flow} />
        ))}
      </div>
    </section>
  );
}
