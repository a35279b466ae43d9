import type { ComponentChildren } from 'preact';

export interface Column<T> {
  header: string;
  cell: (row: T) => ComponentChildren;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** Hidden on narrow screens (the row keeps its essential columns at 375 px). */
  optional?: boolean;
}

/**
 * A data table with a caption (visually hidden unless `showCaption`), scrolling sideways inside its own focusable
 * region on a narrow screen rather than widening the page.
 */
export function DataTable<T>(props: {
  caption: string;
  showCaption?: boolean;
  columns: Array<Column<T>>;
  rows: T[];
  rowKey: (row: T) => string | number;
}) {
  return (
    <div class="table-wrap" role="region" aria-label={props.caption} tabIndex={0}>
      <table>
        <caption class={props.showCaption === true ? undefined : 'visually-hidden'}>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.header} scope="col" class={cellClass(c)}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {props.columns.map((c) => (
                <td key={c.header} class={cellClass(c)}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function cellClass<T>(c: Column<T>): string | undefined {
  const classes = [c.numeric === true ? 'num' : '', c.optional === true ? 'optional' : ''].filter((x) => x !== '');
  return classes.length === 0 ? undefined : classes.join(' ');
}
