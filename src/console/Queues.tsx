// The queues of an instance (ListQueues). Their contacts in routing order come with the
// contact-event stream.
import { useEffect, useState } from 'preact/hooks';
import { listQueues, type Instance, type Queue } from './api';
import { message } from './util';

export function Queues({ instance }: { instance: Instance }) {
  const [queues, setQueues] = useState<Queue[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    listQueues(instance.Id)
      .then((qs) => setQueues(qs.sort((a, b) => (a.QueueType ?? '').localeCompare(b.QueueType ?? '') || (a.Name ?? '').localeCompare(b.Name ?? ''))))
      .catch((e) => setError(message(e)));
  }, [instance.Id]);
  if (error) return <p class="error">{error}</p>;
  if (!queues) return <p class="muted">Loading queues…</p>;
  return (
    <section>
      <h2>Queues of {instance.InstanceAlias ?? instance.Id}</h2>
      <table id="queues">
        <thead>
          <tr>
            <th>Name</th>
            <th>Type</th>
            <th>Id</th>
          </tr>
        </thead>
        <tbody>
          {queues.map((q) => (
            <tr key={q.Id}>
              <td>{q.Name ?? '(agent queue)'}</td>
              <td>{q.QueueType}</td>
              <td class="mono">{q.Id}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
