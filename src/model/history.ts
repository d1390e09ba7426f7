/** What `fmx blame` knows of one cell: the commit that last changed it. Writers that can show it (HTML) take it in WriteOptions.history. */
export interface CellHistory {
  feature: string;
  driver: string;
  commit: string;
  date: string;
  author: string;
  subject: string;
  release: string | null;
}
