// Finds the operation for a method and path. The URI templates of both models are compiled
// once into a trie of path segments per method; a literal segment wins over a label.

export interface Route<T> {
  value: T;
  /** label names in the order they appear in the template */
  labels: string[];
}

interface Node<T> {
  literals: Map<string, Node<T>>;
  label?: Node<T>;
  route?: Route<T>;
}

const newNode = <T>(): Node<T> => ({ literals: new Map() });

export class Router<T> {
  private readonly roots = new Map<string, Node<T>>();

  add(method: string, template: string, value: T): void {
    let node = this.roots.get(method);
    if (!node) this.roots.set(method, (node = newNode()));
    const labels: string[] = [];
    for (const seg of splitPath(template)) {
      const label = labelOf(seg);
      if (label) {
        labels.push(label);
        node = node.label ??= newNode();
      } else {
        let next = node.literals.get(seg);
        if (!next) node.literals.set(seg, (next = newNode()));
        node = next;
      }
    }
    if (node.route) throw new Error(`two operations share ${method} ${template}`);
    node.route = { value, labels };
  }

  /** the route and its label values (still percent-encoded), or undefined */
  match(method: string, segments: string[]): { route: Route<T>; values: string[] } | undefined {
    const root = this.roots.get(method);
    if (!root) return undefined;
    const values: string[] = [];
    const walk = (node: Node<T>, i: number): Route<T> | undefined => {
      if (i === segments.length) return node.route;
      const lit = node.literals.get(segments[i]);
      if (lit) {
        const r = walk(lit, i + 1);
        if (r) return r;
      }
      if (node.label) {
        values.push(segments[i]);
        const r = walk(node.label, i + 1);
        if (r) return r;
        values.pop();
      }
      return undefined;
    };
    const route = walk(root, 0);
    return route ? { route, values } : undefined;
  }

  /** true when some method serves this path: lets a wrong method say so */
  methodsFor(segments: string[]): string[] {
    return [...this.roots.keys()].filter((m) => this.match(m, segments));
  }
}

/** `{Name}` (or greedy `{Name+}`) -> 'Name'; a literal segment -> undefined */
export function labelOf(segment: string): string | undefined {
  return /^\{([^}+]+)\+?\}$/.exec(segment)?.[1];
}

/** The label names of a URI template, in order. */
export const templateLabels = (template: string): string[] =>
  splitPath(template).map(labelOf).filter((l): l is string => l !== undefined);

/** `/a/b/` -> ['a', 'b', ''] ; `/` -> [] */
export function splitPath(path: string): string[] {
  const p = path.startsWith('/') ? path.slice(1) : path;
  return p === '' ? [] : p.split('/');
}
