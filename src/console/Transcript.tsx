// A chat's items as the console shows them: messages with who said them, events as a line.
import type { Item } from './api';

const EVENT = 'application/vnd.amazonaws.connect.event.';

function describe(i: Item): string {
  const who = i.DisplayName ?? i.ParticipantRole ?? '';
  if (i.ContentType?.startsWith(EVENT)) return `${who} · ${i.ContentType.slice(EVENT.length)}`;
  return i.Type ?? '';
}

export function Transcript({ items }: { items: Item[] }) {
  return (
    <ol class="transcript">
      {items
        .filter((i) => i.ContentType !== `${EVENT}typing`)
        .map((i, n) => {
          const isMessage = i.Type === 'MESSAGE';
          return (
            <li key={i.Id ?? n} class={isMessage ? `message role-${(i.ParticipantRole ?? '').toLowerCase()}` : 'event'}>
              <span class="when">{i.AbsoluteTime?.slice(11, 19)}</span>
              {isMessage ? (
                <>
                  <span class="who">{i.DisplayName ?? i.ParticipantRole}</span>
                  <span class="text">{i.Content}</span>
                </>
              ) : (
                <span class="text">{describe(i)}</span>
              )}
            </li>
          );
        })}
    </ol>
  );
}
