/** Builds the block of a heading line (or inline heading): its title, label and body. */

import { titleEnd, type Marker } from './markers';
import type { Block } from './planTree';
import { locate, type LocatedText } from './text';

/** Bullet dashes `——` / `———` at the start of a bullet title. */
const BULLET_DASHES = /^—+/u;

/**
 * The block of a heading that starts `located` with `marker`. Its title runs to the first `。`
 * (or to `titleStop` when given); a heading with nothing after its title has an empty body,
 * otherwise the body is the whole text, heading included (`（一）健全……。坚持……`). A bullet
 * is an item, not a heading: it always keeps its text, even when that is only its title.
 */
export function headingBlock(marker: Marker, located: LocatedText, line: number, titleStop?: number): Block {
  const text = located.text;
  const stop = titleStop ?? titleEnd(text, 0);
  const title = text.slice(0, stop).trim();
  const rest = text.slice(stop).replace(/^。/u, '').trim();
  const isBullet = marker.kind === 'bullet';
  const bulletTitle = title.replace(BULLET_DASHES, '').trim();
  return {
    kind: marker.kind,
    number: marker.number,
    label: isBullet ? `${marker.label}${bulletTitle}` : marker.label,
    title: isBullet ? bulletTitle : title,
    body: rest === '' && !isBullet ? locate('', line) : located,
    line,
  };
}
