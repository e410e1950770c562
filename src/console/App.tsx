// The console's frame: the header with the clock, the instance picker, the views' tabs.
import { useEffect, useState } from 'preact/hooks';
import { listInstances, type Instance } from './api';
import { Clock } from './Clock';
import { Instances } from './Instances';
import { Queues } from './Queues';
import { TestChat } from './TestChat';
import { message } from './util';

const VIEWS = [
  { id: 'instances', label: 'Instances' },
  { id: 'queues', label: 'Queues' },
  { id: 'chat', label: 'Test chat' },
] as const;
type View = (typeof VIEWS)[number]['id'];

function viewOf(hash: string): View {
  const id = hash.replace(/^#\/?/, '');
  return VIEWS.find((v) => v.id === id)?.id ?? 'instances';
}

function useView(): View {
  const [view, setView] = useState(viewOf(location.hash));
  useEffect(() => {
    const on = () => setView(viewOf(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return view;
}

export function App() {
  const view = useView();
  const [instances, setInstances] = useState<Instance[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [instanceId, setInstanceId] = useState<string | undefined>();

  useEffect(() => {
    listInstances()
      .then((list) => {
        setInstances(list);
        setInstanceId((id) => id ?? (list.find((i) => i.InstanceAlias === 'connect-local') ?? list[0])?.Id);
      })
      .catch((e) => setError(message(e)));
  }, []);
  const instance = instances?.find((i) => i.Id === instanceId);

  return (
    <>
      <header>
        <h1>connect-local</h1>
        <nav>
          {VIEWS.map((v) => (
            <a key={v.id} href={`#/${v.id}`} class={v.id === view ? 'active' : undefined} aria-current={v.id === view ? 'page' : undefined}>
              {v.label}
            </a>
          ))}
        </nav>
        <label class="picker">
          Instance{' '}
          <select id="instance" value={instanceId} onChange={(e) => setInstanceId((e.target as HTMLSelectElement).value)}>
            {instances?.map((i) => (
              <option key={i.Id} value={i.Id}>
                {i.InstanceAlias ?? i.Id}
              </option>
            ))}
          </select>
        </label>
        <Clock />
      </header>
      <main>
        {error && <p class="error">{error}</p>}
        {view === 'instances' && <Instances instances={instances} selected={instanceId} onSelect={setInstanceId} />}
        {view === 'queues' && instance && <Queues key={instance.Id} instance={instance} />}
        {view === 'chat' && instance && <TestChat key={instance.Id} instance={instance} />}
      </main>
    </>
  );
}
