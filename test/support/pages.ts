// A list read page by page as a caller reads it: each NextToken handed back until none comes.

/**
 * Every page of a list, in order: `list` is asked with each NextToken in turn. It stops at 10
 * pages, so that a list whose tokens never end fails its test instead of hanging it.
 */
export async function allPages<P extends { NextToken?: string }>(list: (NextToken: string | undefined) => Promise<P>): Promise<P[]> {
  const pages: P[] = [];
  let NextToken: string | undefined;
  do {
    const page = await list(NextToken);
    pages.push(page);
    NextToken = page.NextToken;
  } while (NextToken && pages.length < 10);
  return pages;
}
