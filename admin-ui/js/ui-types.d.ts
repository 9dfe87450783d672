// Types of the console's own modules that JSDoc cannot spell (a recursive alias, a mapped type).

/** What `h` and `replace` take as children: nodes, strings (text), arrays, or null/undefined/false (skipped). */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

/** The attributes `h` takes for an element `E`: `on<event>` handlers (the event's `currentTarget` is the element) and any other attribute. */
export type Attrs<E extends Element> = {
  [N in keyof GlobalEventHandlersEventMap as `on${N}`]?: (event: GlobalEventHandlersEventMap[N] & { currentTarget: E }) => unknown;
} & { [attribute: string]: unknown };
