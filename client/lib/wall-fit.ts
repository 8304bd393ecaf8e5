// Keeps the wall screen's text inside its panels at any screen size. Nobody scrolls a
// television, and a line cut in half is worse than a line left out: a list shows as many whole
// items as its panel holds, and a big figure shrinks until it fits its box.

/** Cuts a title at a word before `max` characters, so a long one takes at most a few lines. */
export function shortTitle(title: string, max = 64): string {
  const text = title.trim().replace(/\s+/g, ' ');
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, '')}…`;
}

/** How many of `heights` (stacked with `gap` between them) fit in `room`; at least none, never a part. */
export function itemsThatFit(heights: readonly number[], gap: number, room: number): number {
  let used = 0;
  for (let i = 0; i < heights.length; i++) {
    used += heights[i] + (i > 0 ? gap : 0);
    if (used > room + 0.5) return i;
  }
  return heights.length;
}

function watch(node: HTMLElement, targets: Element[], fit: () => void) {
  let frame = 0;
  const later = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(fit);
  };
  const resize = new ResizeObserver(later);
  for (const t of targets) resize.observe(t);
  // The list's own items change with the board; the hidden flags this sets are attributes and not watched.
  const mutations = new MutationObserver(later);
  mutations.observe(node, { childList: true, subtree: true, characterData: true });
  fit();
  return {
    destroy() {
      cancelAnimationFrame(frame);
      resize.disconnect();
      mutations.disconnect();
    },
  };
}

/** Svelte action on a list inside a panel: hides the items from the end that do not fit whole. */
export function fitList(list: HTMLElement) {
  const panel = list.parentElement!;
  const fit = () => {
    const items = [...list.children] as HTMLElement[];
    for (const item of items) item.hidden = false;
    const style = getComputedStyle(panel);
    const bottom = panel.getBoundingClientRect().bottom - parseFloat(style.paddingBottom) - parseFloat(style.borderBottomWidth);
    const room = bottom - list.getBoundingClientRect().top;
    const gap = parseFloat(getComputedStyle(list).rowGap) || 0;
    const shown = itemsThatFit(
      items.map((i) => i.getBoundingClientRect().height),
      gap,
      room,
    );
    items.forEach((item, i) => (item.hidden = i >= shown));
  };
  return watch(list, [panel, list], fit);
}

/** Svelte action on a one-line figure: the CSS size unless it is wider than its box, then smaller. */
export function fitText(node: HTMLElement) {
  const fit = () => {
    node.style.fontSize = '';
    const width = node.clientWidth;
    if (width > 0 && node.scrollWidth > width) {
      const size = parseFloat(getComputedStyle(node).fontSize);
      node.style.fontSize = `${Math.floor(size * (width / node.scrollWidth) * 0.97)}px`;
    }
  };
  return watch(node, [node.parentElement!], fit);
}
