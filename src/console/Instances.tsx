// The instances of the default account (ListInstances).
import type { Instance } from './api';
import { formatTime } from './util';

export function Instances(props: { instances: Instance[] | undefined; selected: string | undefined; onSelect: (id: string) => void }) {
  const { instances, selected, onSelect } = props;
  if (!instances) return <p class="muted">Loading instances…</p>;
  return (
    <section>
      <h2>Instances</h2>
      <table id="instances">
        <thead>
          <tr>
            <th>Alias</th>
            <th>Id</th>
            <th>Status</th>
            <th>Created</th>
            <th>Inbound / outbound calls</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {instances.map((i) => (
            <tr key={i.Id} class={i.Id === selected ? 'selected' : undefined}>
              <td class="alias">{i.InstanceAlias ?? '—'}</td>
              <td class="mono">{i.Id}</td>
              <td>{i.InstanceStatus}</td>
              <td>{i.CreatedTime !== undefined ? formatTime(i.CreatedTime * 1000) : ''}</td>
              <td>
                {i.InboundCallsEnabled ? 'on' : 'off'} / {i.OutboundCallsEnabled ? 'on' : 'off'}
              </td>
              <td>{i.Id === selected ? <span class="muted">selected</span> : <button onClick={() => onSelect(i.Id)}>Select</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
