// The parents' poster's fixed words in the families' languages, shipped with the product. The
// lead may reword any field per language in the settings (poster.texts); the reworded field is
// what prints, the rest stays as shipped. Short, plain sentences: parents read these on a wall.

import { isPosterLanguage, languageName, POSTER_LANGUAGE_NAMES, POSTER_LANGUAGES, type PosterLanguage } from './poster-languages.ts';

export { isPosterLanguage, languageName, POSTER_LANGUAGE_NAMES, POSTER_LANGUAGES, type PosterLanguage };

export const POSTER_TEXT_FIELDS = [
  'title',
  'intro',
  'parentTitle',
  'parentText',
  'staffTitle',
  'staffText',
  'superuserTitle',
  'superuserText',
  'consultantTitle',
  'consultantText',
  'cafesHeading',
  'noCafes',
  'cafeLanguages',
  'phone',
  'qrLabel',
  'qrCaption',
  'qrAlt',
] as const;
export type PosterTextField = (typeof POSTER_TEXT_FIELDS)[number];
/**
 * The longest wording the lead may give each field: with every field at its longest, in wide
 * letters and long words, the poster still fits one A4 page, its type shrunk to fit by
 * PosterSheet and not below 0.6 of its size (measured in test/browser/poster.browser.test.ts).
 */
export const POSTER_TEXT_MAX: Record<PosterTextField, number> = {
  title: 40,
  intro: 120,
  parentTitle: 40,
  parentText: 120,
  staffTitle: 40,
  staffText: 120,
  superuserTitle: 40,
  superuserText: 120,
  consultantTitle: 40,
  consultantText: 120,
  cafesHeading: 40,
  noCafes: 120,
  cafeLanguages: 25,
  phone: 10,
  qrLabel: 25,
  qrCaption: 90,
  // Read aloud by a screen reader, never printed.
  qrAlt: 250,
};
export type PosterTexts = Record<PosterTextField, string>;
/** The lead's rewording: some fields of some languages. */
export type PosterTextEdits = Partial<Record<PosterLanguage, Partial<PosterTexts>>>;

export interface PosterLanguageInfo {
  /** The language's name in itself, as a parent looks for it. */
  name: string;
  dir: 'ltr' | 'rtl';
  texts: PosterTexts;
}

export const SHIPPED_POSTER_TEXTS: Record<PosterLanguage, PosterLanguageInfo> = {
  da: {
    name: POSTER_LANGUAGE_NAMES.da,
    dir: 'ltr',
    texts: {
      title: 'Spørgsmål om Aula?',
      intro: 'Sådan får du hjælp – vi hjælper hinanden et trin ad gangen.',
      parentTitle: 'Dig som forælder',
      parentText: 'Spørg først personalet på stuen. De kender Aula og kan hjælpe med det meste.',
      staffTitle: 'Personalet',
      staffText: 'Kan vi ikke svare med det samme, spørger vi husets superbruger.',
      superuserTitle: 'Husets superbruger',
      superuserText: 'Superbrugeren tager sagen videre, hvis den ikke kan løses i huset.',
      consultantTitle: 'Kommunens Aula-konsulent',
      consultantText: 'Konsulenten løser sagen eller sender den videre til leverandøren.',
      cafesHeading: 'Hjælpecaféer for forældre',
      noCafes: 'Der er ingen planlagte hjælpecaféer lige nu. Spørg personalet.',
      cafeLanguages: 'Hjælp på',
      phone: 'tlf.',
      qrLabel: 'Til personalet:',
      qrCaption: 'scan koden for at indberette en sag til kommunens war room.',
      qrAlt: 'QR-kode til husets indberetning af Aula-sager',
    },
  },
  en: {
    name: POSTER_LANGUAGE_NAMES.en,
    dir: 'ltr',
    texts: {
      title: 'Questions about Aula?',
      intro: 'How to get help – we help each other one step at a time.',
      parentTitle: 'You, the parent',
      parentText: "First ask the staff in your child's group. They know Aula and can help with most things.",
      staffTitle: 'The staff',
      staffText: "If we cannot answer straight away, we ask the centre's superuser.",
      superuserTitle: "The centre's superuser",
      superuserText: 'The superuser takes the matter further if it cannot be solved at the centre.',
      consultantTitle: "The municipality's Aula consultant",
      consultantText: 'The consultant solves the matter or passes it on to the supplier.',
      cafesHeading: 'Help cafés for parents',
      noCafes: 'No help cafés are planned right now. Ask the staff.',
      cafeLanguages: 'Help in',
      phone: 'tel.',
      qrLabel: 'For staff:',
      qrCaption: "scan the code to report a case to the municipality's war room.",
      qrAlt: "QR code for the centre's reporting of Aula cases",
    },
  },
  ar: {
    name: POSTER_LANGUAGE_NAMES.ar,
    dir: 'rtl',
    texts: {
      title: 'هل لديك أسئلة عن Aula؟',
      intro: 'هكذا تحصل على المساعدة – نساعد بعضنا بعضاً خطوة بخطوة.',
      parentTitle: 'أنت، وليّ الأمر',
      parentText: 'اسأل أولاً الموظفين في مجموعة طفلك. هم يعرفون Aula ويستطيعون المساعدة في معظم الأمور.',
      staffTitle: 'الموظفون',
      staffText: 'إذا لم نستطع الإجابة فوراً، نسأل المستخدم الخبير في المؤسسة.',
      superuserTitle: 'المستخدم الخبير في المؤسسة',
      superuserText: 'إذا لم يُحَلّ الأمر داخل المؤسسة، ينقله المستخدم الخبير إلى الخطوة التالية.',
      consultantTitle: 'مستشار Aula في البلدية',
      consultantText: 'يحلّ المستشار الأمر أو يحيله إلى الشركة المزوِّدة.',
      cafesHeading: 'مقاهي المساعدة لأولياء الأمور',
      noCafes: 'لا توجد مقاهي مساعدة مخطط لها الآن. اسأل الموظفين.',
      cafeLanguages: 'المساعدة باللغات',
      phone: 'هاتف',
      qrLabel: 'للموظفين:',
      qrCaption: 'امسحوا الرمز للإبلاغ عن حالة إلى غرفة عمليات البلدية.',
      qrAlt: 'رمز QR لإبلاغ المؤسسة عن حالات Aula',
    },
  },
  so: {
    name: POSTER_LANGUAGE_NAMES.so,
    dir: 'ltr',
    texts: {
      title: 'Su’aalo ma ka qabtaa Aula?',
      intro: 'Sidan ayaad caawimaad ku heli kartaa – waxaan isku caawinnaa tallaabo tallaabo.',
      parentTitle: 'Adiga oo waalid ah',
      parentText: 'Marka hore weydii shaqaalaha kooxda ilmahaaga. Way yaqaanaan Aula, waxayna kaa caawin karaan wax badan.',
      staffTitle: 'Shaqaalaha',
      staffText: 'Haddii aynaan isla markiiba ka jawaabi karin, waxaan weydiinnaa isticmaalaha sare ee xarunta.',
      superuserTitle: 'Isticmaalaha sare ee xarunta',
      superuserText: 'Haddii arrinta aan xarunta lagu xallin karin, isticmaalaha sare ayaa u gudbiya.',
      consultantTitle: 'La-taliyaha Aula ee degmada',
      consultantText: 'La-taliyuhu wuu xalliyaa arrinta ama wuxuu u gudbiyaa shirkadda bixisa.',
      cafesHeading: 'Kafeyaasha caawimaadda ee waalidiinta',
      noCafes: 'Hadda ma jiraan kafeyaal caawimaad oo la qorsheeyay. Weydii shaqaalaha.',
      cafeLanguages: 'Caawimaad lagu bixiyo',
      phone: 'tel.',
      qrLabel: 'Shaqaalaha:',
      qrCaption: 'iskaan garee koodhka si aad arrin ugu sheegtaan qolka hawlgalka ee degmada.',
      qrAlt: 'Koodhka QR ee xaruntu ku soo sheegto arrimaha Aula',
    },
  },
  tr: {
    name: POSTER_LANGUAGE_NAMES.tr,
    dir: 'ltr',
    texts: {
      title: 'Aula hakkında sorunuz mu var?',
      intro: 'Nasıl yardım alırsınız – adım adım birbirimize yardım ediyoruz.',
      parentTitle: 'Siz, veli olarak',
      parentText: 'Önce çocuğunuzun grubundaki personele sorun. Aula’yı tanırlar ve çoğu konuda yardımcı olabilirler.',
      staffTitle: 'Personel',
      staffText: 'Hemen cevap veremezsek kurumun süper kullanıcısına sorarız.',
      superuserTitle: 'Kurumun süper kullanıcısı',
      superuserText: 'Sorun kurumda çözülemezse süper kullanıcı konuyu bir üst adıma iletir.',
      consultantTitle: 'Belediyenin Aula danışmanı',
      consultantText: 'Danışman sorunu çözer ya da tedarikçi firmaya iletir.',
      cafesHeading: 'Veliler için yardım kafeleri',
      noCafes: 'Şu anda planlanmış yardım kafesi yok. Personele sorun.',
      cafeLanguages: 'Yardım dilleri',
      phone: 'tel.',
      qrLabel: 'Personel için:',
      qrCaption: 'belediyenin kriz masasına bir vaka bildirmek için kodu tarayın.',
      qrAlt: 'Kurumun Aula vakalarını bildirmesi için QR kod',
    },
  },
  uk: {
    name: POSTER_LANGUAGE_NAMES.uk,
    dir: 'ltr',
    texts: {
      title: 'Маєте питання щодо Aula?',
      intro: 'Як отримати допомогу – ми допомагаємо одне одному крок за кроком.',
      parentTitle: 'Ви, батьки',
      parentText: 'Спершу запитайте працівників у групі вашої дитини. Вони знають Aula і можуть допомогти з більшістю питань.',
      staffTitle: 'Працівники',
      staffText: 'Якщо ми не можемо відповісти одразу, ми запитуємо суперкористувача закладу.',
      superuserTitle: 'Суперкористувач закладу',
      superuserText: 'Якщо питання не вдається вирішити в закладі, суперкористувач передає його далі.',
      consultantTitle: 'Консультант Aula від муніципалітету',
      consultantText: 'Консультант вирішує питання або передає його постачальнику.',
      cafesHeading: 'Кафе допомоги для батьків',
      noCafes: 'Зараз кафе допомоги не заплановані. Запитайте працівників.',
      cafeLanguages: 'Мови допомоги',
      phone: 'тел.',
      qrLabel: 'Для працівників:',
      qrCaption: 'відскануйте код, щоб повідомити про випадок до штабу муніципалітету.',
      qrAlt: 'QR-код для повідомлень закладу про випадки з Aula',
    },
  },
  pl: {
    name: POSTER_LANGUAGE_NAMES.pl,
    dir: 'ltr',
    texts: {
      title: 'Masz pytania dotyczące Aula?',
      intro: 'Jak uzyskać pomoc – pomagamy sobie nawzajem krok po kroku.',
      parentTitle: 'Ty jako rodzic',
      parentText: 'Najpierw zapytaj personel w grupie dziecka. Znają system Aula i pomogą w większości spraw.',
      staffTitle: 'Personel',
      staffText: 'Jeśli nie możemy odpowiedzieć od razu, pytamy superużytkownika placówki.',
      superuserTitle: 'Superużytkownik placówki',
      superuserText: 'Jeśli sprawy nie da się rozwiązać w placówce, superużytkownik przekazuje ją dalej.',
      consultantTitle: 'Konsultant Aula w gminie',
      consultantText: 'Konsultant rozwiązuje sprawę lub przekazuje ją dostawcy.',
      cafesHeading: 'Kawiarenki pomocy dla rodziców',
      noCafes: 'Obecnie nie ma zaplanowanych kawiarenek pomocy. Zapytaj personel.',
      cafeLanguages: 'Pomoc w językach',
      phone: 'tel.',
      qrLabel: 'Dla personelu:',
      qrCaption: 'zeskanuj kod, aby zgłosić sprawę do sztabu gminy.',
      qrAlt: 'Kod QR do zgłaszania spraw Aula przez placówkę',
    },
  },
  ur: {
    name: POSTER_LANGUAGE_NAMES.ur,
    dir: 'rtl',
    texts: {
      title: 'کیا آپ کے Aula کے بارے میں سوالات ہیں؟',
      intro: 'مدد حاصل کرنے کا طریقہ – ہم قدم بہ قدم ایک دوسرے کی مدد کرتے ہیں۔',
      parentTitle: 'آپ، بطور والدین',
      parentText: 'پہلے اپنے بچے کے گروپ کے عملے سے پوچھیں۔ وہ Aula کو جانتے ہیں اور زیادہ تر معاملات میں مدد کر سکتے ہیں۔',
      staffTitle: 'عملہ',
      staffText: 'اگر ہم فوراً جواب نہ دے سکیں تو ہم ادارے کے سپر یوزر سے پوچھتے ہیں۔',
      superuserTitle: 'ادارے کا سپر یوزر',
      superuserText: 'اگر معاملہ ادارے میں حل نہ ہو سکے تو سپر یوزر اسے آگے بھیجتا ہے۔',
      consultantTitle: 'بلدیہ کا Aula مشیر',
      consultantText: 'مشیر معاملہ حل کرتا ہے یا اسے فراہم کنندہ کمپنی کو بھیج دیتا ہے۔',
      cafesHeading: 'والدین کے لیے مدد کیفے',
      noCafes: 'اس وقت کوئی مدد کیفے طے نہیں ہے۔ عملے سے پوچھیں۔',
      cafeLanguages: 'مدد کی زبانیں',
      phone: 'فون',
      qrLabel: 'عملے کے لیے:',
      qrCaption: 'بلدیہ کے وار روم کو کیس کی اطلاع دینے کے لیے کوڈ اسکین کریں۔',
      qrAlt: 'ادارے کی طرف سے Aula کیسز کی اطلاع کے لیے QR کوڈ',
    },
  },
};

/** A centre prints its poster in Danish unless the lead picks other languages. */
export const DEFAULT_POSTER_LANGUAGES: readonly PosterLanguage[] = ['da'];

/** The poster's words in `lang`: the shipped text with the lead's edits on top, field by field. */
export function posterTexts(lang: PosterLanguage, edits?: PosterTextEdits | null): PosterTexts {
  return { ...SHIPPED_POSTER_TEXTS[lang].texts, ...edits?.[lang] };
}
