// The team a case can be assigned to: the bookable people (leads and members).
import { request } from './api.ts';

export interface TeamPerson {
  id: string;
  username: string;
  name: string;
  role: string;
}

export async function fetchTeamPeople(): Promise<TeamPerson[]> {
  const body = await request<{ people: TeamPerson[] }>('/api/roster/people');
  return [...body.people].sort((a, b) => a.name.localeCompare(b.name, 'da'));
}
