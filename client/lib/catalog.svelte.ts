// Institution and category names for the ids on a case. Until they load, the id is shown.
import { api, type Category, type Institution } from './api.ts';
import type { Locale } from './i18n.svelte.ts';

export class Catalog {
  institutions = $state.raw<Institution[]>([]);
  categories = $state.raw<Category[]>([]);

  /** What a new case or account may name: retired ones stay only for the names on old cases. */
  activeInstitutions = $derived(this.institutions.filter((i) => !i.retired));
  activeCategories = $derived(this.categories.filter((c) => !c.retired));

  #institutionById = $derived(new Map(this.institutions.map((i) => [i.id, i])));
  #categoryById = $derived(new Map(this.categories.map((c) => [c.id, c])));

  async load(): Promise<void> {
    const [institutions, categories] = await Promise.allSettled([api.institutions(), api.categories()]);
    if (institutions.status === 'fulfilled') {
      this.institutions = [...institutions.value].sort((a, b) => a.name.localeCompare(b.name, 'da'));
    }
    if (categories.status === 'fulfilled') this.categories = categories.value;
  }

  institutionName(id: string): string {
    return this.#institutionById.get(id)?.name ?? id;
  }

  categoryName(id: string | null, locale: Locale): string | null {
    if (id === null) return null;
    const c = this.#categoryById.get(id);
    return c ? c[locale] : id;
  }
}
