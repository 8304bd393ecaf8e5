// Help cafés and other settings written in local Danish time, placed relative to now.
import { formatRosterTime } from '../../shared/roster.ts';

const DAY = 86_400_000;

/** The local Danish day `days` from now at `hour`, in the settings' form ("2026-12-01T16:00"). */
export const localDayAt = (days: number, hour: string) => `${formatRosterTime(new Date(Date.now() + days * DAY)).slice(0, 10)}T${hour}`;
