// Realistic rollout-week requests, as superusers in the centres would write them.
import type { Priority } from '../../shared/case.ts';

export interface DemoCase {
  title: string;
  description: string;
  priority: Priority;
}

export const DEMO_CASES: DemoCase[] = [
  { title: 'Forælder kan ikke logge ind med MitID', description: 'Far får fejlbesked i appen efter MitID-godkendelse. Har prøvet at geninstallere.', priority: 'high' },
  { title: 'Personale kan ikke logge på tabletten på stuen', description: 'UNI-login virker ikke på stuens iPad, den siger forkert adgangskode.', priority: 'urgent' },
  { title: 'Forældre får ingen notifikationer', description: 'Flere forældre på Mariehønestuen siger, at de ikke får besked på telefonen, når vi skriver.', priority: 'normal' },
  { title: 'Beskeder til forældregruppen kommer ikke frem', description: 'Vi sendte en besked til hele gruppen i morges, men tre familier har ikke modtaget den.', priority: 'high' },
  { title: 'Samtykker mangler for nye børn', description: 'Samtykke til billeder står som ikke besvaret for alle børn, der startede i november.', priority: 'normal' },
  { title: 'Kan ikke uploade billeder til album', description: 'Upload stopper ved 50 %. Det gælder både på personaleappen og på computeren.', priority: 'normal' },
  { title: 'Komme/gå viser forkerte børn', description: 'Stuens skærm viser børn fra en anden stue under komme/gå.', priority: 'urgent' },
  { title: 'Mor kan ikke se sit barns kalender', description: 'Mor har fælles forældremyndighed men kan ikke se begivenheder i kalenderen.', priority: 'normal' },
  { title: 'Kontaktlisten viser gamle telefonnumre', description: 'Forældre siger, at kontaktlisten har numre fra sidste år.', priority: 'low' },
  { title: 'Pædagog mangler rettigheder til at oprette begivenheder', description: 'Vores nye pædagog kan ikke oprette arrangementer i kalenderen.', priority: 'normal' },
  { title: 'Forældremøde-invitation ikke synlig', description: 'Invitationen til forældremødet torsdag vises ikke for forældrene.', priority: 'high' },
  { title: 'Appen lukker ned ved åbning af beskeder', description: 'Flere forældre med Android oplever at appen lukker, når de åbner en besked.', priority: 'high' },
  { title: 'Hvordan registrerer forældre ferie?', description: 'Forældre spørger, hvor de melder ferie og fravær i Aula.', priority: 'low' },
  { title: 'Sovetider vises ikke i komme/gå', description: 'Vi kan ikke se de sovetider, forældrene har skrevet.', priority: 'normal' },
  { title: 'Bedsteforældre skal kunne hente', description: 'Hvordan tilføjer forældre bedsteforældre som afhentere?', priority: 'low' },
  { title: 'Forælder med sprogbarriere har brug for hjælp', description: 'Familie taler arabisk og kan ikke finde rundt i appen. Findes vejledningen på arabisk?', priority: 'normal' },
  { title: 'Leder kan ikke se alle stuer', description: 'Pædagogisk leder har kun adgang til én stue i Aula.', priority: 'high' },
  { title: 'Tråd med forældre er forsvundet', description: 'En beskedtråd fra i går er væk fra indbakken.', priority: 'normal' },
  { title: 'Billeder af børn uden samtykke er synlige', description: 'Et album viser et barn, hvis forældre ikke har givet samtykke. Haster.', priority: 'urgent' },
  { title: 'Notifikationer kommer dobbelt', description: 'Forældre får hver besked to gange på iPhone.', priority: 'low' },
  { title: 'Kan ikke logge ud af personaleappen', description: 'Når vi logger ud på den fælles tablet, er næste medarbejder stadig logget ind som den forrige.', priority: 'urgent' },
  { title: 'Fremmøde kan ikke registreres om morgenen', description: 'Tjek ind virker ikke mellem 6.30 og 7.00, skærmen fryser.', priority: 'high' },
  { title: 'Forælder får "ingen adgang" i appen', description: 'Mor kan logge ind men ser "ingen adgang" til barnets institution.', priority: 'high' },
  { title: 'Spørgsmål om hvem der ser beskeder', description: 'Kan alle på stuen se beskeder, der er sendt til én pædagog?', priority: 'low' },
];
