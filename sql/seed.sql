-- seed.sql: demo content for `waypoint db init`, loaded after schema.sql.
-- body_html and intro_html are left out: the program renders them from the
-- Markdown after loading. Times are Unix seconds; pub_date times are 00:00
-- Europe/Budapest.

INSERT INTO settings (lang, key, value) VALUES ('en', 'site_name', 'IOM Hungary');
INSERT INTO settings (lang, key, value) VALUES ('en', 'tagline', 'UN Migration — Hungary');
INSERT INTO settings (lang, key, value) VALUES ('en', 'intro_md', 'The International Organization for Migration (IOM) is part of the United Nations System. Since 1951 it has promoted humane and orderly migration for the benefit of all, and today it counts 175 member states and has a presence in over 100 countries.

IOM has worked in Hungary since 1992. This site presents the office''s work with migrants, returnees and host communities across the country, together with its news releases and resources.');

INSERT INTO pages (lang, slug, title, summary, body_md, status, published_at)
VALUES ('en', 'who-we-are', 'Who We Are',
	'IOM is the UN migration agency, present in Hungary since 1992.',
'## The UN Migration Agency

The International Organization for Migration (IOM) is part of the United Nations System as the leading inter-governmental organization promoting since 1951 humane and orderly migration for the benefit of all, with 175 member states and a presence in over 100 countries. IOM has had a presence in Hungary since 1992.

IOM works with governments, civil society and migrants themselves so that migration is safe, orderly and dignified. In Hungary the office cooperates with national and local authorities, international partners and community organizations.',
	'published', 1640000000);

INSERT INTO pages (lang, slug, title, summary, body_md, status, published_at)
VALUES ('en', 'about', 'About',
	'The mission and mandate of IOM and of its office in Hungary.',
'IOM works on the conviction that migration which is humane and orderly serves both migrants and the societies they move between. With governments and other partners, the organization:

- helps states manage the practical side of migration;
- builds knowledge and understanding of how and why people move;
- supports development that draws on the skills and resources of migrants;
- defends the dignity, rights and well-being of migrants.

The office in Hungary has been part of this work since 1992.',
	'published', 1640000000);

INSERT INTO pages (lang, slug, title, summary, body_md, status, published_at)
VALUES ('en', 'our-work', 'Our Work',
	'How IOM supports migrants, returnees and host communities in Hungary.',
'## Areas of intervention

As the leading inter-governmental organization promoting humane and orderly migration, IOM plays a key role to support the achievement of the 2030 Agenda through different areas of intervention that connect both humanitarian assistance and sustainable development. Across Hungary, IOM provides a comprehensive response to the humanitarian needs of migrants, returnees and host communities.

The pages in this section describe what the office does in Hungary and the themes that run across all of IOM''s work worldwide.',
	'published', 1640000000);

INSERT INTO pages (lang, slug, title, summary, body_md, status, published_at)
VALUES ('en', 'what-we-do', 'What we do',
	'The main areas of IOM''s activities in Hungary.',
'IOM Hungary''s activities fall into a few broad areas:

- **Humanitarian assistance** to people on the move and to the communities that host them.
- **Protection**, including the identification of and support for victims of trafficking.
- **Integration**, helping migrants find information, services and a place in their new communities.
- **Return and reintegration**, assisting migrants who wish to return home to do so in safety and dignity.
- **Labour mobility**, promoting fair and ethical recruitment.

Each area is carried out together with government institutions and partner organizations.',
	'published', 1640000000);

INSERT INTO pages (lang, slug, title, summary, body_md, status, published_at)
VALUES ('en', 'cross-cutting-global', 'Cross-cutting (Global)',
	'Themes that run across all of IOM''s work worldwide.',
'Some concerns are part of every IOM project, whatever its field: the protection of migrants'' rights, gender equality, the inclusion of people with disabilities, accountability to affected populations and attention to the environment.

IOM''s data and resources, ways to take action and the organization''s contribution to the 2030 Agenda for Sustainable Development each have a page of their own in the menu.',
	'published', 1640000000);

INSERT INTO pages (lang, slug, title, summary, body_md, status, published_at)
VALUES ('en', 'data-and-resources', 'Data and Resources',
	'Where to find IOM''s publications, data and other resources on migration.',
'IOM publishes research, data and guidance on migration. The main resources are listed below.

| Resource | What it offers | Where |
| --- | --- | --- |
| IOM Publications Platform | Reports, studies and manuals | [publications.iom.int](https://publications.iom.int/) |
| Global Migration Data Portal | Migration statistics and analysis | [migrationdataportal.org](https://www.migrationdataportal.org/) |
| Displacement Tracking Matrix | Data on displacement and mobility | [dtm.iom.int](https://dtm.iom.int/) |
| World Migration Report | IOM''s flagship report, published every two years | [worldmigrationreport.iom.int](https://worldmigrationreport.iom.int/) |

Questions about the office''s own publications can be sent to IOM Hungary.',
	'published', 1640000000);

INSERT INTO pages (lang, slug, title, summary, body_md, status, published_at)
VALUES ('en', 'take-action', 'Take Action',
	'Ways to support IOM''s work with migrants.',
'Everyone can contribute to safe, orderly and dignified migration.

### How you can help

- Stay informed and share accurate information about migration.
- Speak up against discrimination and xenophobia.
- Volunteer with organizations that support migrants in your community.
- Support IOM''s appeals through the [IOM global website](https://www.iom.int/).

Businesses and institutions interested in partnering with IOM Hungary are welcome to contact the office.',
	'published', 1640000000);

INSERT INTO pages (lang, slug, title, summary, body_md, status, published_at)
VALUES ('en', '2030-agenda', '2030 Agenda',
	'Migration and the Sustainable Development Goals.',
'The 2030 Agenda for Sustainable Development recognizes the positive contribution of migrants to inclusive growth and sustainable development. Its target 10.7 calls on countries to facilitate orderly, safe, regular and responsible migration and mobility of people.

IOM helps governments include migration in their development planning and measure progress towards the migration-related targets of the Sustainable Development Goals.',
	'published', 1640000000);

-- A draft: must never appear on the public site.
INSERT INTO pages (lang, slug, title, summary, body_md, status, published_at)
VALUES ('en', 'internal-draft-page', 'Internal draft page',
	'Work in progress, not for publication.',
'This page is a draft and must not be visible to the public.',
	'draft', NULL);

-- The menu, as the seed has it: two sections with a description and their
-- children, then three top-level items of their own. The news list is linked
-- from the header, outside the menu. Ids are explicit so that children can
-- name their parent.
INSERT INTO menu_items (id, lang, parent_id, position, label, description, target, page_id, url)
VALUES (1, 'en', NULL, 0, 'Who We Are',
	'The International Organization for Migration (IOM) is part of the United Nations System as the leading inter-governmental organization promoting since 1951 humane and orderly migration for the benefit of all, with 175 member states and a presence in over 100 countries. IOM has had a presence in Hungary since 1992.',
	'page', (SELECT id FROM pages WHERE lang = 'en' AND slug = 'who-we-are'), NULL);
INSERT INTO menu_items (id, lang, parent_id, position, label, description, target, page_id, url)
VALUES (2, 'en', 1, 0, 'About',
	'',
	'page', (SELECT id FROM pages WHERE lang = 'en' AND slug = 'about'), NULL);
INSERT INTO menu_items (id, lang, parent_id, position, label, description, target, page_id, url)
VALUES (3, 'en', 1, 1, 'IOM Global',
	'',
	'url', NULL, 'https://www.iom.int/');
INSERT INTO menu_items (id, lang, parent_id, position, label, description, target, page_id, url)
VALUES (4, 'en', NULL, 1, 'Our Work',
	'As the leading inter-governmental organization promoting humane and orderly migration, IOM plays a key role to support the achievement of the 2030 Agenda through different areas of intervention that connect both humanitarian assistance and sustainable development. Across Hungary, IOM provides a comprehensive response to the humanitarian needs of migrants, returnees and host communities.',
	'page', (SELECT id FROM pages WHERE lang = 'en' AND slug = 'our-work'), NULL);
INSERT INTO menu_items (id, lang, parent_id, position, label, description, target, page_id, url)
VALUES (5, 'en', 4, 0, 'What we do',
	'',
	'page', (SELECT id FROM pages WHERE lang = 'en' AND slug = 'what-we-do'), NULL);
INSERT INTO menu_items (id, lang, parent_id, position, label, description, target, page_id, url)
VALUES (6, 'en', 4, 1, 'Cross-cutting (Global)',
	'',
	'page', (SELECT id FROM pages WHERE lang = 'en' AND slug = 'cross-cutting-global'), NULL);
INSERT INTO menu_items (id, lang, parent_id, position, label, description, target, page_id, url)
VALUES (7, 'en', NULL, 2, 'Data and Resources',
	'',
	'resources', NULL, NULL);
INSERT INTO menu_items (id, lang, parent_id, position, label, description, target, page_id, url)
VALUES (8, 'en', NULL, 3, 'Take Action',
	'',
	'page', (SELECT id FROM pages WHERE lang = 'en' AND slug = 'take-action'), NULL);
INSERT INTO menu_items (id, lang, parent_id, position, label, description, target, page_id, url)
VALUES (9, 'en', NULL, 4, '2030 Agenda',
	'',
	'page', (SELECT id FROM pages WHERE lang = 'en' AND slug = '2030-agenda'), NULL);

-- News releases. Slugs are made from the titles by the site's slug rules.
-- As in the seed, the dateline leads the first paragraph of each body; the
-- dateline column serves the lists, and the release page does not repeat it.
INSERT INTO news (lang, slug, title, dateline, pub_date, summary, body_md, status, published_at)
VALUES ('en', 'international-migrants-day-statement-iom-director-general-antonio-vitorino-harnessing-potential-human-mobility',
	'International Migrants Day Statement, IOM Director General António Vitorino: “Harnessing the Potential of Human Mobility”',
	'Geneva', '2021-12-17',
	'On International Migrants Day, IOM Director General António Vitorino calls on governments to move from words to action and include all migrants in their recovery plans.',
'Geneva – International Migrants Day this year falls almost exactly 70 years after the Brussels conference that led to the establishment of the International Organization for Migration.

Over these seven decades we have provided assistance to millions of migrants worldwide and worked tirelessly with our member states to ensure migration is managed in a safe, orderly and dignified manner.

As the Organization has evolved, so too has the face of human mobility.

Beyond the images of closed borders, separated families and economic instability, the now two-year-old global pandemic has spawned a new wave of anti-migrant sentiment and the increasing instrumentalization of migrants as tools in state policy.

Both are unacceptable.

So too is the relative impunity with which unscrupulous people smugglers operate along migration routes worldwide. The rule of law must be observed and action taken to combat those who exploit people at their most vulnerable.

The response to COVID-19 has forcefully underlined the importance of migrant workers in keeping us all safe.

The positive social and economic impact in the countries where they reside, and the USD 540 billion remitted last year to communities in lower and middle-income countries are measures of the industry, entrepreneurship and community from which we all benefit.

But, in order to realize the full potential of human mobility, two things must happen.

Governments must move from words to action and include migrants regardless of their legal status, in their social and economic recovery plans.

And, we must renew our commitment to reinforcing legal channels for migration that balance and respect both national sovereignty and the human rights of people on the move.

A comprehensive approach requires that we leave aside the defensive posturing that too often victimizes people along their migratory journeys.

It requires our immediate collective efforts and commitment to create policies that maximize the potential of migration for all while ensuring the fundamental human rights of migrants are protected.

The International Migration Review Forum in May will provide an opportunity to review progress on the implementation of the Global Compact for Safe, Orderly and Regular Migration, which provides a framework to address the challenges associated with migration, while strengthening the contribution of migrants and migration to human development.

Together we can realize the full potential of human mobility.',
	'published', 1639695600);

INSERT INTO news (lang, slug, title, dateline, pub_date, summary, body_md, status, published_at)
VALUES ('en', 'covid-19-vaccination-campaign-reaches-migrant-communities-hungary',
	'COVID-19 Vaccination Campaign Reaches Migrant Communities in Hungary',
	'Budapest', '2021-09-14',
	'An information campaign helps migrants in Hungary find out how to get vaccinated against COVID-19.',
'Budapest – IOM Hungary has launched an information campaign to help migrants living in the country get vaccinated against COVID-19. Leaflets and short videos explain, in several languages, who is eligible, how to register and where vaccines are given.

The campaign works with community leaders and migrant organizations to reach people who may not follow Hungarian-language media.',
	'published', 1631570400);

INSERT INTO news (lang, slug, title, dateline, pub_date, summary, body_md, status, published_at)
VALUES ('en', 'assisted-voluntary-return-iom-helps-migrants-return-home-safely-and-dignity',
	'Assisted Voluntary Return: IOM Helps Migrants Return Home Safely and with Dignity',
	'Budapest', '2021-11-10',
	'IOM Hungary continues to assist migrants who wish to return to their countries of origin.',
'Budapest – Migrants in Hungary who decide to go back to their country of origin can ask IOM for help. Assisted voluntary return and reintegration support includes:

- counselling before departure;
- help with travel documents and tickets;
- support on arrival and, where possible, for reintegration.

Return is always voluntary. More information is available from the IOM Hungary office.',
	'published', 1636498800);

INSERT INTO news (lang, slug, title, dateline, pub_date, summary, body_md, status, published_at)
VALUES ('en', 'iom-steps-support-people-fleeing-ukraine-hungary',
	'IOM Steps Up Support for People Fleeing Ukraine into Hungary',
	'Budapest', '2022-02-28',
	'IOM is scaling up its response as people fleeing the war in Ukraine arrive in Hungary.',
'Budapest – As people fleeing the war in Ukraine continue to arrive in Hungary, IOM is scaling up its response together with the authorities, UN agencies and civil society partners.

IOM teams are providing information at border crossings and transit points and assessing the needs of new arrivals, including third-country nationals who were living in Ukraine and now need help to return home.',
	'published', 1646002800);

INSERT INTO news (lang, slug, title, dateline, pub_date, summary, body_md, status, published_at)
VALUES ('en', 'iom-trains-frontline-officials-identifying-victims-trafficking',
	'IOM Trains Frontline Officials on Identifying Victims of Trafficking',
	'Budapest', '2022-04-12',
	'A training course helps frontline staff recognize and refer possible victims of human trafficking.',
'Budapest – IOM Hungary held a two-day training for police officers, social workers and staff of reception facilities on identifying and referring victims of trafficking in human beings.

Participants discussed the signs of trafficking and exploitation, the rights of victims and the national referral mechanism. The risk of trafficking grows in times of displacement, and people fleeing the war in Ukraine, most of them women and children, are particularly exposed.',
	'published', 1649714400);

INSERT INTO news (lang, slug, title, dateline, pub_date, summary, body_md, status, published_at)
VALUES ('en', 'world-refugee-day-iom-hungary-joins-community-event-budapest',
	'World Refugee Day: IOM Hungary Joins Community Event in Budapest',
	'Budapest', '2022-06-20',
	'IOM Hungary marked World Refugee Day with partners and the refugee community in Budapest.',
'Budapest – On World Refugee Day, IOM Hungary joined partner organizations and members of the refugee community at a family event in Budapest. Visitors could meet service providers, take part in games and workshops for children and taste food prepared by refugee cooks.

The day is a reminder of the strength and resilience of people forced to flee, and of the welcome that communities in Hungary have offered them.',
	'published', 1655676000);

INSERT INTO news (lang, slug, title, dateline, pub_date, summary, body_md, status, published_at)
VALUES ('en', 'world-day-against-trafficking-persons-iom-calls-stronger-protection-online',
	'World Day against Trafficking in Persons: IOM Calls for Stronger Protection Online',
	'Geneva', '2022-07-29',
	'IOM calls for better protection against traffickers who use technology to recruit and exploit victims.',
'Geneva – Ahead of the World Day against Trafficking in Persons, IOM called on governments, technology companies and civil society to work together against the misuse of online platforms by traffickers.

Traffickers increasingly use social media and messaging services to recruit, advertise and control their victims. Prevention, awareness and cooperation across borders are essential to keep people safe. More information is available on the [IOM website](https://www.iom.int/).',
	'published', 1659045600);

INSERT INTO news (lang, slug, title, dateline, pub_date, summary, body_md, status, published_at)
VALUES ('en', 'new-report-maps-needs-refugees-ukraine-hungary',
	'New Report Maps the Needs of Refugees from Ukraine in Hungary',
	'Budapest', '2023-03-15',
	'A new IOM report describes the situation and needs of people from Ukraine living in Hungary.',
'Budapest – IOM Hungary today published a report on the situation of people from Ukraine who have found protection in Hungary. Based on interviews with refugees across the country, it looks at housing, employment, access to health care and education, and intentions for the future.

The findings will help the authorities and humanitarian partners plan their support as displacement continues.',
	'published', 1678834800);

INSERT INTO news (lang, slug, title, dateline, pub_date, summary, body_md, status, published_at)
VALUES ('en', 'iom-opens-information-and-counselling-point-budapest',
	'IOM Opens Information and Counselling Point in Budapest',
	'Budapest', '2023-05-18',
	'Migrants and refugees in Budapest can now get information and counselling at a new IOM service point.',
'Budapest – IOM Hungary has opened an information and counselling point in central Budapest. Migrants and refugees can get advice on:

- legal status and documents;
- access to health care, education and social services;
- finding work and language courses.

Counsellors speak Hungarian, English, Ukrainian and Russian. The service is free of charge.',
	'published', 1684360800);

INSERT INTO news (lang, slug, title, dateline, pub_date, summary, body_md, status, published_at)
VALUES ('en', 'iom-marks-international-day-family-remittances',
	'IOM Marks the International Day of Family Remittances',
	'Geneva', '2023-06-16',
	'IOM highlights the role of remittances in supporting families and communities around the world.',
'Geneva – On the International Day of Family Remittances, IOM recalled that the money migrants send home helps millions of families pay for food, housing, health care and education.

IOM calls for lower transfer costs and better access to financial services, so that more of each transfer reaches the families who depend on it.',
	'published', 1686866400);

INSERT INTO news (lang, slug, title, dateline, pub_date, summary, body_md, status, published_at)
VALUES ('en', 'employers-forum-gyor-discusses-fair-recruitment-migrant-workers',
	'Employers’ Forum in Győr Discusses Fair Recruitment of Migrant Workers',
	'Budapest', '2023-10-05',
	'Employers, authorities and experts met in Győr to discuss the ethical recruitment of migrant workers.',
'Budapest – IOM Hungary brought together employers, recruitment agencies, authorities and experts in Győr to discuss how migrant workers can be recruited fairly and ethically.

Participants exchanged practices on transparent contracts, decent working conditions and the principle that workers should never pay fees to be recruited. The forum is part of IOM''s work to make labour migration benefit workers, employers and communities alike.',
	'published', 1696456800);

INSERT INTO news (lang, slug, title, dateline, pub_date, summary, body_md, status, published_at)
VALUES ('en', 'iom-hungary-marks-international-migrants-day-photo-exhibition',
	'IOM Hungary Marks International Migrants Day with a Photo Exhibition',
	'Budapest', '2023-12-18',
	'A photo exhibition in Budapest tells the stories of migrants who have made Hungary their home.',
'Budapest – To mark International Migrants Day, IOM Hungary opened a photo exhibition in Budapest presenting portraits of migrants who live and work in the country, together with their own accounts of arriving and settling in.

The exhibition is open to the public free of charge until the end of January.',
	'published', 1702854000);

INSERT INTO news (lang, slug, title, dateline, pub_date, summary, body_md, status, published_at)
VALUES ('en', 'two-years-iom-continues-support-refugees-ukraine-hungary',
	'Two Years On: IOM Continues to Support Refugees from Ukraine in Hungary',
	'Budapest', '2024-02-23',
	'Two years after the start of the war, IOM continues its support for people from Ukraine in Hungary.',
'Budapest – Two years after the start of the full-scale war in Ukraine, IOM continues to support refugees in Hungary with information, counselling, help with accommodation and access to work, and activities for children.

As many people face a long stay, the focus is shifting from emergency assistance to inclusion. IOM thanks the Hungarian communities, volunteers and partners who have stood by refugees since the first days.',
	'published', 1708642800);

INSERT INTO news (lang, slug, title, dateline, pub_date, summary, body_md, status, published_at)
VALUES ('en', 'integration-workshops-help-refugee-children-settle-hungarian-schools',
	'Integration Workshops Help Refugee Children Settle into Hungarian Schools',
	'Budapest', '2024-09-12',
	'A new school-year programme supports refugee children and their teachers in Hungarian schools.',
'Budapest – With the new school year, IOM Hungary has started a series of workshops to help refugee children settle into Hungarian schools. The programme offers language support and activities that bring refugee and Hungarian pupils together.

Teachers can also take part in sessions on working with children who have experienced displacement. Schools interested in the programme can contact the IOM Hungary office.',
	'published', 1726092000);

-- Neither of these two must ever appear on the public site: a draft, and a
-- release published in the future.
INSERT INTO news (lang, slug, title, dateline, pub_date, summary, body_md, status, published_at)
VALUES ('en', 'draft-upcoming-statement', 'Draft: upcoming statement',
	'Budapest', '2024-10-01',
	'Not yet approved.',
'This statement is a draft and must not be published.',
	'draft', 1727733600);
INSERT INTO news (lang, slug, title, dateline, pub_date, summary, body_md, status, published_at)
VALUES ('en', 'scheduled-release-future', 'Scheduled release for the future',
	'Budapest', '2099-01-01',
	'A release scheduled for publication in the future.',
'This release is scheduled and must not be visible before its date.',
	'published', 4070905200);

-- Hungarian. Each version is a row of its own in its English original's
-- translation group (group_id), translated from it (source_id) and current
-- with it (source_rev = its text_rev). The slugs follow the site's rules
-- for Hungarian: lower-case ASCII, accents dropped, no stop words. Of the
-- releases only a few have a Hungarian version: the Migrants Day statement
-- stays English-only, so the Hungarian site shows it marked as English.
INSERT INTO settings (lang, key, value) VALUES ('hu', 'site_name', 'IOM Magyarország');
INSERT INTO settings (lang, key, value) VALUES ('hu', 'tagline', 'ENSZ Migrációs Ügynökség — Magyarország');
INSERT INTO settings (lang, key, value) VALUES ('hu', 'intro_md', 'A Nemzetközi Migrációs Szervezet (IOM) az ENSZ rendszerének része. 1951 óta mozdítja elő a humánus és rendezett migrációt mindenki javára; ma 175 tagállama van, és több mint 100 országban van jelen.

Az IOM 1992 óta dolgozik Magyarországon. Ez a honlap bemutatja az iroda munkáját a migránsokkal, a hazatérőkkel és a befogadó közösségekkel szerte az országban, valamint az iroda sajtóközleményeit és forrásait.');

INSERT INTO pages (lang, group_id, source_id, source_rev, slug, title, summary, body_md, status, published_at)
SELECT 'hu', id, id, text_rev, 'kik-vagyunk', 'Kik vagyunk',
	'Az IOM az ENSZ migrációs ügynöksége, amely 1992 óta van jelen Magyarországon.',
'## Az ENSZ Migrációs Ügynöksége

A Nemzetközi Migrációs Szervezet (IOM) az ENSZ rendszerének része: 1951 óta a humánus és rendezett migrációt mindenki javára előmozdító vezető kormányközi szervezet, amelynek 175 tagállama van, és több mint 100 országban van jelen. Az IOM 1992 óta van jelen Magyarországon.

Az IOM a kormányokkal, a civil társadalommal és magukkal a migránsokkal együtt dolgozik azért, hogy a migráció biztonságos, rendezett és méltó legyen. Magyarországon az iroda az országos és helyi hatóságokkal, nemzetközi partnerekkel és közösségi szervezetekkel működik együtt.',
	'published', 1640000000
FROM pages WHERE lang = 'en' AND slug = 'who-we-are';

INSERT INTO pages (lang, group_id, source_id, source_rev, slug, title, summary, body_md, status, published_at)
SELECT 'hu', id, id, text_rev, 'rolunk', 'Rólunk',
	'Az IOM és magyarországi irodájának küldetése és megbízatása.',
'Az IOM abból a meggyőződésből dolgozik, hogy a humánus és rendezett migráció a migránsoknak és azoknak a társadalmaknak is javára válik, amelyek között mozognak. A szervezet a kormányokkal és más partnerekkel együtt:

- segíti az államokat a migráció gyakorlati kérdéseinek kezelésében;
- bővíti a tudást és a megértést arról, hogyan és miért vándorolnak az emberek;
- támogatja a migránsok készségeire és erőforrásaira építő fejlődést;
- védi a migránsok méltóságát, jogait és jólétét.

A magyarországi iroda 1992 óta részese ennek a munkának.',
	'published', 1640000000
FROM pages WHERE lang = 'en' AND slug = 'about';

INSERT INTO pages (lang, group_id, source_id, source_rev, slug, title, summary, body_md, status, published_at)
SELECT 'hu', id, id, text_rev, 'munkank', 'Munkánk',
	'Hogyan támogatja az IOM a migránsokat, a hazatérőket és a befogadó közösségeket Magyarországon.',
'## Beavatkozási területek

A humánus és rendezett migrációt előmozdító vezető kormányközi szervezetként az IOM kulcsszerepet játszik a 2030 Agenda céljainak elérésében, különböző beavatkozási területeken, amelyek összekapcsolják a humanitárius segítségnyújtást és a fenntartható fejlődést. Az IOM Magyarország-szerte átfogó választ ad a migránsok, a hazatérők és a befogadó közösségek humanitárius szükségleteire.

E rovat oldalai bemutatják, mit tesz az iroda Magyarországon, és melyek azok a témák, amelyek az IOM munkáját világszerte áthatják.',
	'published', 1640000000
FROM pages WHERE lang = 'en' AND slug = 'our-work';

INSERT INTO pages (lang, group_id, source_id, source_rev, slug, title, summary, body_md, status, published_at)
SELECT 'hu', id, id, text_rev, 'mit-csinalunk', 'Mit csinálunk',
	'Az IOM magyarországi tevékenységének fő területei.',
'Az IOM Magyarország tevékenysége néhány nagy területet ölel fel:

- **Humanitárius segítségnyújtás** az úton lévő embereknek és az őket befogadó közösségeknek.
- **Védelem**, ezen belül az emberkereskedelem áldozatainak azonosítása és támogatása.
- **Integráció**: segítség a migránsoknak abban, hogy információhoz, szolgáltatásokhoz és helyhez jussanak új közösségükben.
- **Visszatérés és reintegráció**: segítség azoknak a migránsoknak, akik haza kívánnak térni, hogy ezt biztonságban és méltósággal tehessék meg.
- **Munkaerő-mobilitás**: a tisztességes és etikus toborzás előmozdítása.

Mindegyik területen kormányzati intézményekkel és partnerszervezetekkel együtt dolgozunk.',
	'published', 1640000000
FROM pages WHERE lang = 'en' AND slug = 'what-we-do';

INSERT INTO pages (lang, group_id, source_id, source_rev, slug, title, summary, body_md, status, published_at)
SELECT 'hu', id, id, text_rev, 'atfogo-globalis', 'Átfogó (globális)',
	'Az IOM munkáját világszerte átható témák.',
'Vannak szempontok, amelyek az IOM minden projektjének részei, bármilyen területen folyik is: a migránsok jogainak védelme, a nemek közötti egyenlőség, a fogyatékossággal élő emberek befogadása, az érintett lakosság felé való elszámoltathatóság és a környezetre való odafigyelés.

Az IOM adatainak és forrásainak, a cselekvés lehetőségeinek és a szervezet a fenntartható fejlődést célzó 2030 Agendához való hozzájárulásának egy-egy saját oldala van a menüben.',
	'published', 1640000000
FROM pages WHERE lang = 'en' AND slug = 'cross-cutting-global';

INSERT INTO pages (lang, group_id, source_id, source_rev, slug, title, summary, body_md, status, published_at)
SELECT 'hu', id, id, text_rev, 'adat-es-forrasok', 'Adat és források',
	'Hol találhatók az IOM kiadványai, adatai és egyéb, migrációval kapcsolatos forrásai.',
'Az IOM kutatásokat, adatokat és útmutatókat tesz közzé a migrációról. A legfontosabb források az alábbiak.

| Forrás | Mit kínál | Hol |
| --- | --- | --- |
| IOM Publications Platform | Jelentések, tanulmányok és kézikönyvek | [publications.iom.int](https://publications.iom.int/) |
| Global Migration Data Portal | Migrációs statisztikák és elemzések | [migrationdataportal.org](https://www.migrationdataportal.org/) |
| Displacement Tracking Matrix | Adatok a lakóhelyelhagyásról és a mobilitásról | [dtm.iom.int](https://dtm.iom.int/) |
| World Migration Report | Az IOM kétévente megjelenő kiemelt jelentése | [worldmigrationreport.iom.int](https://worldmigrationreport.iom.int/) |

Az iroda saját kiadványaival kapcsolatos kérdéseiket az IOM Magyarországhoz küldhetik el.',
	'published', 1640000000
FROM pages WHERE lang = 'en' AND slug = 'data-and-resources';

INSERT INTO pages (lang, group_id, source_id, source_rev, slug, title, summary, body_md, status, published_at)
SELECT 'hu', id, id, text_rev, 'cselekedj', 'Cselekedj!',
	'Hogyan támogathatod az IOM migránsokkal végzett munkáját.',
'Mindenki hozzájárulhat ahhoz, hogy a migráció biztonságos, rendezett és méltó legyen.

### Hogyan segíthetsz?

- Tájékozódj, és ossz meg pontos információkat a migrációról.
- Emeld fel a szavad a megkülönböztetés és az idegengyűlölet ellen.
- Önkénteskedj olyan szervezeteknél, amelyek a környezetedben élő migránsokat támogatják.
- Támogasd az IOM felhívásait az [IOM globális honlapján](https://www.iom.int/).

Azokat a vállalkozásokat és intézményeket, amelyek partnerként együttműködnének az IOM Magyarországgal, szívesen várja az iroda.',
	'published', 1640000000
FROM pages WHERE lang = 'en' AND slug = 'take-action';

INSERT INTO pages (lang, group_id, source_id, source_rev, slug, title, summary, body_md, status, published_at)
SELECT 'hu', id, id, text_rev, '2030-agenda', '2030 Agenda',
	'A migráció és a fenntartható fejlődési célok.',
'A fenntartható fejlődést célzó 2030 Agenda elismeri, hogy a migránsok pozitívan járulnak hozzá az inkluzív növekedéshez és a fenntartható fejlődéshez. A 10.7-es alcél arra szólítja fel az országokat, hogy segítsék elő az emberek rendezett, biztonságos, szabályos és felelős migrációját és mobilitását.

Az IOM segít a kormányoknak abban, hogy a migrációt beépítsék fejlesztési terveikbe, és mérjék, mennyit haladtak a fenntartható fejlődési célok migrációval kapcsolatos alcéljai felé.',
	'published', 1640000000
FROM pages WHERE lang = 'en' AND slug = '2030-agenda';

-- The Hungarian menu: the label and description of each item of the seed's
-- menu above (ids 1 to 9), in Hungarian.
INSERT INTO menu_texts (item_id, lang, label, description) VALUES (1, 'hu', 'Kik vagyunk',
	'A Nemzetközi Migrációs Szervezet (IOM) az ENSZ rendszerének része: 1951 óta a humánus és rendezett migrációt mindenki javára előmozdító vezető kormányközi szervezet, amelynek 175 tagállama van, és több mint 100 országban van jelen. Az IOM 1992 óta van jelen Magyarországon.');
INSERT INTO menu_texts (item_id, lang, label, description) VALUES (2, 'hu', 'Rólunk', '');
INSERT INTO menu_texts (item_id, lang, label, description) VALUES (3, 'hu', 'IOM a világban', '');
INSERT INTO menu_texts (item_id, lang, label, description) VALUES (4, 'hu', 'Munkánk',
	'A humánus és rendezett migrációt előmozdító vezető kormányközi szervezetként az IOM kulcsszerepet játszik a 2030 Agenda céljainak elérésében, különböző beavatkozási területeken, amelyek összekapcsolják a humanitárius segítségnyújtást és a fenntartható fejlődést. Az IOM Magyarország-szerte átfogó választ ad a migránsok, a hazatérők és a befogadó közösségek humanitárius szükségleteire.');
INSERT INTO menu_texts (item_id, lang, label, description) VALUES (5, 'hu', 'Mit csinálunk', '');
INSERT INTO menu_texts (item_id, lang, label, description) VALUES (6, 'hu', 'Átfogó (globális)', '');
INSERT INTO menu_texts (item_id, lang, label, description) VALUES (7, 'hu', 'Adat és források', '');
INSERT INTO menu_texts (item_id, lang, label, description) VALUES (8, 'hu', 'Cselekedj!', '');
INSERT INTO menu_texts (item_id, lang, label, description) VALUES (9, 'hu', '2030 Agenda', '');

INSERT INTO news (lang, group_id, source_id, source_rev, slug, title, dateline, pub_date, summary, body_md, status, published_at)
SELECT 'hu', id, id, text_rev, 'a-covid-19-elleni-oltasi-kampany-eljut-a-magyarorszagi-migrans-kozossegekhez',
	'A COVID-19 elleni oltási kampány eljut a magyarországi migráns közösségekhez',
	'Budapest', pub_date,
	'Tájékoztató kampány segít a Magyarországon élő migránsoknak megtudni, hogyan kaphatnak védőoltást a COVID-19 ellen.',
'Budapest – Az IOM Magyarország tájékoztató kampányt indított, hogy segítse az országban élő migránsokat a COVID-19 elleni védőoltás felvételében. Szórólapok és rövid videók magyarázzák el több nyelven, ki jogosult az oltásra, hogyan lehet regisztrálni, és hol adják be a vakcinát.

A kampány közösségi vezetőkkel és migránsszervezetekkel együttműködve igyekszik elérni azokat, akik nem követik a magyar nyelvű médiát.',
	'published', published_at
FROM news WHERE lang = 'en' AND slug = 'covid-19-vaccination-campaign-reaches-migrant-communities-hungary';

INSERT INTO news (lang, group_id, source_id, source_rev, slug, title, dateline, pub_date, summary, body_md, status, published_at)
SELECT 'hu', id, id, text_rev, 'tamogatott-onkentes-hazateres-az-iom-segit-a-migransoknak-biztonsagban-es-meltosaggal-hazaterni',
	'Támogatott önkéntes hazatérés: az IOM segít a migránsoknak biztonságban és méltósággal hazatérni',
	'Budapest', pub_date,
	'Az IOM Magyarország továbbra is segíti azokat a migránsokat, akik vissza kívánnak térni származási országukba.',
'Budapest – Azok a Magyarországon élő migránsok, akik úgy döntenek, hogy visszatérnek származási országukba, segítséget kérhetnek az IOM-től. A támogatott önkéntes hazatérés és reintegráció keretében nyújtott segítség:

- tanácsadás az indulás előtt;
- segítség az úti okmányok és a jegyek beszerzésében;
- támogatás megérkezéskor és, ahol lehetséges, a reintegráció során.

A hazatérés mindig önkéntes. További információ az IOM Magyarország irodájától kérhető.',
	'published', published_at
FROM news WHERE lang = 'en' AND slug = 'assisted-voluntary-return-iom-helps-migrants-return-home-safely-and-dignity';

INSERT INTO news (lang, group_id, source_id, source_rev, slug, title, dateline, pub_date, summary, body_md, status, published_at)
SELECT 'hu', id, id, text_rev, 'az-iom-informacios-es-tanacsado-pontot-nyitott-budapesten',
	'Az IOM információs és tanácsadó pontot nyitott Budapesten',
	'Budapest', pub_date,
	'A budapesti migránsok és menekültek mostantól egy új IOM-szolgáltatóponton kaphatnak tájékoztatást és tanácsadást.',
'Budapest – Az IOM Magyarország információs és tanácsadó pontot nyitott Budapest belvárosában. A migránsok és a menekültek itt tanácsot kaphatnak:

- jogállásukkal és irataikkal kapcsolatban;
- az egészségügyi ellátáshoz, az oktatáshoz és a szociális szolgáltatásokhoz való hozzáférésről;
- a munkakeresésről és a nyelvtanfolyamokról.

A tanácsadók magyarul, angolul, ukránul és oroszul beszélnek. A szolgáltatás ingyenes.',
	'published', published_at
FROM news WHERE lang = 'en' AND slug = 'iom-opens-information-and-counselling-point-budapest';

-- Projects, events and publications (docs/content-kinds.md): their own
-- fields as JSON, and the columns lists sort and filter by (starts, ends,
-- category) as a save would copy them from it. Budgets are in minor units.
INSERT INTO entries (kind, lang, slug, title, summary, body_md, status,
    pub_date, published_at, fields, starts, ends, category)
VALUES ('project', 'en',
	'migrant-crisis-europe-support-stranded-migrants-hungary',
	'SK-2016-01 Migrant Crisis in Europe – Support to Stranded Migrants in Hungary',
	'Humanitarian help and assisted return for migrants stranded in Hungary on their way through the Western Balkans.',
'In 2015 and 2016 thousands of migrants were stranded in Hungary after the routes through the Western Balkans closed. The project gave them information, counselling and emergency help, and assisted those who wished to return home in safety and dignity.

The project was carried out together with the Hungarian authorities and civil society organizations.',
	'published', '2016-03-01', 1456786800,
	json_object('code', 'SK-2016-01', 'coverage', 'Hungary',
	    'start_date', '2016-03-01', 'end_date', '2017-02-28',
	    'state', '', 'budget', '7700000', 'currency', 'EUR',
	    'donors', json_array('SlovakAid'), 'cofunding', '',
	    'contact', 'IOM Budapest, iombudapest@iom.int'),
	'2016-03-01', '2017-02-28', '');

-- Ongoing: it ends at the close of the year after next, counted from the
-- day `db init` runs.
INSERT INTO entries (kind, lang, slug, title, summary, body_md, status,
    pub_date, published_at, fields, starts, ends, category)
VALUES ('project', 'en',
	'assisted-voluntary-return-and-reintegration-hungary',
	'AMIF-HU-2023 Assisted Voluntary Return and Reintegration from Hungary',
	'Counselling, travel and reintegration support for migrants who choose to return from Hungary to their countries of origin.',
'Migrants in Hungary who decide to go home can ask IOM for help. The programme offers:

- counselling before departure;
- help with travel documents and the journey;
- reintegration support in the country of origin.

Return is always voluntary.',
	'published', '2023-01-01', 1672527600,
	json_object('code', 'AMIF-HU-2023', 'coverage', 'Hungary, countries of origin',
	    'start_date', '2023-01-01',
	    'end_date', strftime('%Y', 'now', '+2 years') || '-12-31',
	    'state', '', 'budget', '25000000000', 'currency', 'HUF',
	    'donors', json_array('Asylum, Migration and Integration Fund (AMIF)',
		'Ministry of Interior of Hungary'),
	    'cofunding', 'Co-funded by the European Union''s Asylum, Migration and Integration Fund.',
	    'contact', 'IOM Budapest, iombudapest@iom.int'),
	'2023-01-01', strftime('%Y', 'now', '+2 years') || '-12-31', '');

INSERT INTO entries (kind, lang, group_id, source_id, source_rev, slug,
    title, summary, body_md, status, pub_date, published_at, fields,
    starts, ends, category)
SELECT 'project', 'hu', id, id, text_rev,
	'tamogatott-onkentes-hazateres-es-reintegracio-magyarorszagrol',
	'AMIF-HU-2023 Támogatott önkéntes hazatérés és reintegráció Magyarországról',
	'Tanácsadás, utazás és reintegrációs támogatás azoknak a migránsoknak, akik Magyarországról származási országukba kívánnak visszatérni.',
'A Magyarországon élő migránsok, akik úgy döntenek, hogy hazatérnek, segítséget kérhetnek az IOM-től. A program kínál:

- tanácsadást az indulás előtt;
- segítséget az úti okmányokban és az utazásban;
- reintegrációs támogatást a származási országban.

A hazatérés mindig önkéntes.',
	'published', pub_date, published_at,
	json_set(fields, '$.coverage', 'Magyarország, származási országok',
	    '$.cofunding', 'Az Európai Unió Menekültügyi, Migrációs és Integrációs Alapjának társfinanszírozásával.'),
	starts, ends, category
FROM entries WHERE kind = 'project' AND lang = 'en'
    AND slug = 'assisted-voluntary-return-and-reintegration-hungary';

INSERT INTO entries (kind, lang, slug, title, summary, body_md, status,
    pub_date, published_at, fields, starts, ends, category)
VALUES ('event', 'en', 'information-day-people-ukraine-zahony',
	'Information Day for People from Ukraine in Záhony',
	'Counsellors from IOM and its partners answer questions on protection, work, health care and schools.',
'People arriving from Ukraine could meet IOM counsellors and partner organizations at the border town of Záhony and get information, in Ukrainian, Hungarian and English, on temporary protection, work, health care and schooling.',
	'published', '2023-06-01', 1685570400,
	json_object('start_date', '2023-06-30', 'start_time', '10:00',
	    'end_date', '', 'end_time', '16:00', 'place', 'Záhony'),
	'2023-06-30 10:00', '2023-06-30 16:00', '');

-- Upcoming: thirty days after the day `db init` runs.
INSERT INTO entries (kind, lang, slug, title, summary, body_md, status,
    pub_date, published_at, fields, starts, ends, category)
VALUES ('event', 'en', 'employers-roundtable-fair-recruitment-budapest',
	'Employers'' Roundtable on Fair Recruitment',
	'Employers, recruitment agencies and authorities discuss how to recruit workers from abroad fairly and ethically.',
'IOM Hungary invites employers, recruitment agencies and public authorities to a roundtable on fair and ethical recruitment of workers from abroad. The discussion will cover recruitment fees, contracts in a language workers understand, and support for workers after arrival.

Participation is free; places are limited.',
	'published', '2023-06-01', 1685570400,
	json_object('start_date', date('now', '+30 days'),
	    'start_time', '14:00', 'end_date', '', 'end_time', '16:30',
	    'place', 'Budapest, IOM office'),
	date('now', '+30 days') || ' 14:00',
	date('now', '+30 days') || ' 16:30', '');

INSERT INTO entries (kind, lang, group_id, source_id, source_rev, slug,
    title, summary, body_md, status, pub_date, published_at, fields,
    starts, ends, category)
SELECT 'event', 'hu', id, id, text_rev,
	'kerekasztal-munkaltatoknak-tisztesseges-toborzasrol',
	'Kerekasztal munkáltatóknak a tisztességes toborzásról',
	'Munkáltatók, toborzó ügynökségek és hatóságok beszélik meg, hogyan lehet külföldről tisztességesen és etikusan munkavállalókat toborozni.',
'Az IOM Magyarország kerekasztal-beszélgetésre hívja a munkáltatókat, a toborzó ügynökségeket és a hatóságokat a külföldi munkavállalók tisztességes és etikus toborzásáról. Szó lesz a toborzási díjakról, a munkavállalók által értett nyelvű szerződésekről és az érkezés utáni támogatásról.

A részvétel ingyenes; a helyek száma korlátozott.',
	'published', pub_date, published_at,
	json_set(fields, '$.place', 'Budapest, IOM-iroda'),
	starts, ends, category
FROM entries WHERE kind = 'event' AND lang = 'en'
    AND slug = 'employers-roundtable-fair-recruitment-budapest';

INSERT INTO entries (kind, lang, slug, title, summary, body_md, status,
    pub_date, published_at, fields, starts, ends, category)
VALUES ('publication', 'en', 'needs-intentions-refugees-ukraine-hungary',
	'Needs and Intentions of Refugees from Ukraine in Hungary',
	'A survey of people from Ukraine living in Hungary: housing, work, health care, education and plans for the future.',
'Based on interviews across the country, the report describes the situation of people from Ukraine who have found protection in Hungary and what they need to rebuild their lives.',
	'published', '2023-03-15', 1678834800,
	json_object('type', 'report', 'documents', json_array(
	    json_object('title', 'Full report', 'url',
		'https://publications.iom.int/', 'lang', 'en'),
	    json_object('title', 'Összefoglaló', 'url',
		'https://publications.iom.int/', 'lang', 'hu'))),
	'', '', 'report');

INSERT INTO entries (kind, lang, slug, title, summary, body_md, status,
    pub_date, published_at, fields, starts, ends, category)
VALUES ('publication', 'en', 'iom-hungary-factsheet-2023',
	'IOM Hungary Factsheet 2023',
	'The office''s work in Hungary in figures: people assisted, projects and partners.',
'Two pages on what IOM Hungary does, with whom, and for how many people.',
	'published', '2023-09-01', 1693519200,
	json_object('type', 'factsheet', 'documents', json_array(
	    json_object('title', 'Factsheet', 'url',
		'https://www.iom.int/countries/hungary', 'lang', 'en'))),
	'', '', 'factsheet');

INSERT INTO entries (kind, lang, slug, title, summary, body_md, status,
    pub_date, published_at, fields, starts, ends, category)
VALUES ('publication', 'en', 'ukraine-response-hungary-situation-report',
	'Ukraine Response – Hungary Situation Report',
	'Arrivals from Ukraine, the needs found at border crossings and transit points, and IOM''s response.',
'The situation report sums up arrivals from Ukraine into Hungary, the needs IOM teams found at border crossings and transit points, and the assistance given.',
	'published', '2022-04-30', 1651269600,
	json_object('type', 'situation-report', 'documents', json_array(
	    json_object('title', 'Situation report', 'url',
		'https://dtm.iom.int/ukraine', 'lang', 'en'))),
	'', '', 'situation-report');

-- Pages show their publication date in the editors' lists.
UPDATE pages SET pub_date = date(coalesce(published_at, created_at),
    'unixepoch', 'localtime') WHERE pub_date = '';
