// Times in a group's time zone (an IANA name such as Europe/Zurich), whatever the browser's own zone: deadlines are
// set and shown where the group meets.

const FIELDS = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };

/** How far the zone's clock is ahead of UTC at `date`, in milliseconds. */
function offsetMs(date, timeZone) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { ...FIELDS, timeZone }).formatToParts(date).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(date.getTime() / 1000) * 1000;
}

/** A date as the zone's wall clock for a datetime-local field: "2026-05-27T10:00:00". */
export function wallClockIn(date, timeZone) {
  return new Date(Math.floor(date.getTime() / 1000) * 1000 + offsetMs(date, timeZone)).toISOString().slice(0, 19);
}

/** The moment a datetime-local value ("2026-05-27T10:00" or with seconds) names on the zone's wall clock. */
export function fromWallClock(value, timeZone) {
  const [day, time] = value.split('T');
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm, ss = 0] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm, ss);
  // The offset at the guess, then at the moment found (right across a change of summer time).
  const first = wall - offsetMs(new Date(wall), timeZone);
  return new Date(wall - offsetMs(new Date(first), timeZone));
}

/** A moment in words in the zone, labelled with it: "27 May 2026 at 10:00:00 (Europe/Zurich)". */
export function describeIn(date, timeZone) {
  const text = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'medium', timeZone }).format(date);
  return `${text} (${timeZone})`;
}
