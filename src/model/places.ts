import { countryNames, m49Of } from './countryNames.js';
import { NameIndex } from './names.js';
import type { Partner, Region } from './schema.js';
import type { Place, Resolution } from './views.js';

/** The partners and regions of the data, by id, by region, and by the names people type for them. */
export class Places {
  private readonly byId = new Map<string, Place>();
  private readonly membersOf = new Map<string, Partner[]>();
  private readonly names: NameIndex<Place>;

  constructor(regions: readonly Region[], partners: readonly Partner[]) {
    for (const region of regions) {
      this.byId.set(region.id, { kind: 'region', id: region.id, name: region.name, region });
      this.membersOf.set(region.id, []);
    }
    for (const partner of partners) {
      this.byId.set(partner.id, { kind: 'partner', id: partner.id, name: partner.name, partner });
      if (partner.region !== undefined) this.membersOf.get(partner.region)?.push(partner);
    }
    this.names = new NameIndex(
      [...this.byId.values()].map((place) => ({
        target: place,
        names:
          place.kind === 'partner'
            ? [
                place.name,
                place.id,
                place.partner.iso2,
                place.partner.iso3,
                String(place.partner.m49 ?? m49Of(place.partner.iso2) ?? ''),
                ...countryNames(place.partner.iso2),
                ...place.partner.aliases,
              ]
            : [place.name, place.id, ...place.region.aliases],
      })),
    );
  }

  get(id: string): Place | undefined {
    return this.byId.get(id);
  }

  region(id: string): Region | undefined {
    const place = this.byId.get(id);
    return place?.kind === 'region' ? place.region : undefined;
  }

  members(regionId: string): readonly Partner[] {
    return this.membersOf.get(regionId) ?? [];
  }

  resolve(text: string): Resolution {
    const place = this.names.lookup(text);
    if (place) return { found: true, place };
    return { found: false, suggestions: this.names.suggest(text).map((m) => m.target) };
  }

  complete(text: string, limit: number, kind?: Place['kind']): Place[] {
    const wanted = kind ? (p: Place) => p.kind === kind : () => true;
    if (text.trim() === '') return [...this.byId.values()].filter(wanted).slice(0, limit);
    return this.names
      .complete(text, limit * 2)
      .filter(wanted)
      .slice(0, limit);
  }
}
