//! `Store::load`: a live database brought up to a data set in place, on a SQLite file seeded
//! from the bundled fixtures (or, with `PORTAL_TEST_DB=postgres`, a PostgreSQL database of its
//! own). What visitors made (accounts, follows) stays; loading twice changes nothing; what
//! the data set lacks is reported and kept, or removed when asked; and what this and another
//! instance keep in memory (the pages' answers, the indexes) shows a load without a restart,
//! within a second, while follower counts stay live (another instance's follow shows when its
//! news arrives). Time is a manual clock.

mod common;

use common::server::{temp_dir, TempDir};
use portal_dataset::Dataset;
use portal_model::admissions::Track;
use portal_model::query::SchoolQuery;
use portal_server::clock::Clock;
use portal_server::seed;
use portal_server::store::{LoadOptions, Store};
use std::time::Duration;

/// A seeded database of a test's own, opened as often as a test needs (an instance each).
struct Db {
    url: String,
    _dir: TempDir,
    _postgres: Option<common::PgDatabase>,
}

impl Db {
    fn seeded() -> Db {
        let dir = temp_dir();
        if common::on_postgres() {
            let pg = common::new_postgres_database(true);
            return Db { url: pg.url.clone(), _dir: dir, _postgres: Some(pg) };
        }
        let path = dir.0.join("test.sqlite");
        Store::sqlite(&path).expect("open").seed(&fixtures()).expect("seed");
        Db { url: path.display().to_string(), _dir: dir, _postgres: None }
    }

    /// A store as the server opens one: listening for follows.
    fn open(&self, clock: &Clock) -> Store {
        let store = Store::open(&self.url, 4).expect("open").with_clock(clock.clone());
        store.listen_for_follow_news().expect("listen");
        store
    }

    /// Runs `sql` on the database behind every store's back, as no load does: the catalogue's
    /// version stays where it was.
    fn behind_the_stores(&self, sql: &str) {
        if self._postgres.is_some() {
            let mut client = postgres::Client::connect(&self.url, postgres::NoTls).expect("connect");
            client.batch_execute(sql).expect("sql");
        } else {
            rusqlite::Connection::open(&self.url).expect("open").execute_batch(sql).expect("sql");
        }
    }
}

fn fixtures() -> Dataset {
    seed::from_fixture_dir(&common::fixtures()).expect("fixtures")
}

/// A user following `schools`; its id.
fn follower(store: &Store, name: &str, phone: &str, schools: &[u32]) -> u64 {
    let user = store.create_user(name, phone, "hash").expect("store").expect("free");
    for &id in schools {
        store.set_follow(user.id, id, true).expect("store").expect("school");
    }
    user.id
}

fn followers(store: &Store, id: u32) -> u64 {
    store.school(id).expect("store").expect("school").school.followers
}

#[test]
fn loading_the_seeded_data_again_changes_nothing_and_keeps_accounts_and_follows() {
    let db = Db::seeded();
    let store = db.open(&Clock::manual_from_now());
    let data = fixtures();
    let first = data.schools[0].card.id;
    let user = follower(&store, "load_keeper", "13800000001", &[first]);
    let count = followers(&store, first);
    let before = store.catalogue_checksum().expect("checksum");

    let report = store.load(&data, LoadOptions::default()).expect("load");
    assert!(!report.changed(), "{report:?}");
    assert_eq!(report.schools.unchanged, data.schools.len());
    assert_eq!(report.articles.unchanged, data.articles.len());
    assert_eq!((report.schools.added, report.schools.updated), (0, 0));
    assert!(report.schools.missing.is_empty() && report.articles.missing.is_empty());
    assert_eq!(store.catalogue_checksum().expect("checksum"), before, "nothing written");

    let follows: Vec<u32> = store.follows(user).expect("follows").iter().map(|c| c.id).collect();
    assert_eq!(follows, vec![first]);
    assert_eq!(followers(&store, first), count, "the live follower count is kept");
    assert!(store.credentials("load_keeper").expect("store").is_some(), "the account is kept");
}

#[test]
fn a_changed_data_set_is_written_once_and_a_second_load_changes_nothing() {
    let db = Db::seeded();
    let store = db.open(&Clock::manual_from_now());
    let mut data = fixtures();
    let id = data.schools[1].card.id;
    follower(&store, "load_counter", "13800000002", &[id]);
    let count = followers(&store, id);
    data.schools[1].card.city = "新城".into();
    // A source without follower figures: the live count must not go back to 0.
    data.schools[1].card.followers = 0;
    data.articles[0].info.title = "新标题".into();
    data.articles[0].info.tags.push("新标签".into());
    let before = store.catalogue_checksum().expect("checksum");

    let report = store.load(&data, LoadOptions::default()).expect("load");
    assert_eq!((report.schools.updated, report.schools.added), (1, 0), "{report:?}");
    assert_eq!(report.articles.updated, 1, "{report:?}");
    assert!(report.changed());
    let written = store.catalogue_checksum().expect("checksum");
    assert_ne!(written, before);
    let page = store.school(id).expect("store").expect("school");
    assert_eq!(page.school.city, "新城");
    assert_eq!(page.school.followers, count, "base followers are kept, follows too");
    assert_eq!(store.tag_articles("新标签", 1).expect("store").expect("tag").articles.total, 1);

    let again = store.load(&data, LoadOptions::default()).expect("load again");
    assert!(!again.changed(), "{again:?}");
    assert_eq!(again.version, report.version, "the version moves only when something changed");
    assert_eq!(store.catalogue_checksum().expect("checksum"), written, "idempotent");
}

#[test]
fn a_school_missing_from_the_source_is_reported_and_kept_then_removed_when_asked() {
    let db = Db::seeded();
    let store = db.open(&Clock::manual_from_now());
    let mut data = fixtures();
    let gone = data.schools.pop().expect("a school").card.id;
    data.articles.retain(|a| a.info.school_id != gone);
    data.admissions.schools.retain(|s| s.school_id != gone);
    data.featured.retain(|&id| id != gone);
    let gone_articles = fixtures().articles.iter().filter(|a| a.info.school_id == gone).count();
    let user = follower(&store, "load_gone", "13800000003", &[gone, data.schools[0].card.id]);

    let kept = store.load(&data, LoadOptions::default()).expect("load");
    assert_eq!(kept.schools.missing, vec![gone]);
    assert_eq!(kept.articles.missing.len(), gone_articles);
    assert_eq!((kept.schools.removed, kept.follows_removed), (0, 0));
    assert!(store.school(gone).expect("store").is_some(), "kept without the flag");
    assert_eq!(store.follows(user).expect("follows").len(), 2);

    let removed = store.load(&data, LoadOptions { remove_missing: true }).expect("load");
    assert_eq!(removed.schools.missing, vec![gone]);
    assert_eq!((removed.schools.removed, removed.articles.removed), (1, gone_articles));
    assert_eq!(removed.follows_removed, 1, "the follow of the removed school went with it");
    assert!(store.school(gone).expect("store").is_none());
    assert!(store.school_scores(gone, &Default::default()).expect("store").is_none());
    assert_eq!(store.follows(user).expect("follows").len(), 1, "the other follow is kept");

    let after = store.load(&data, LoadOptions { remove_missing: true }).expect("load");
    assert!(after.schools.missing.is_empty() && !after.changed(), "{after:?}");
}

/// Every line of 福建 物理类 of the latest year again as `year + 1`, one point higher, in the
/// lines and in the groups.
fn with_next_year(mut data: Dataset) -> (Dataset, u16) {
    let latest = data
        .admissions
        .schools
        .iter()
        .flat_map(|s| &s.lines)
        .filter(|l| l.province == "福建" && l.track == Track::Physics)
        .map(|l| l.year)
        .max()
        .expect("福建 物理类 lines");
    for school in &mut data.admissions.schools {
        let next: Vec<_> = school
            .lines
            .iter()
            .filter(|l| l.province == "福建" && l.track == Track::Physics && l.year == latest)
            .map(|l| {
                let mut l = l.clone();
                l.year = latest + 1;
                l.lowest += 1;
                l
            })
            .collect();
        school.lines.extend(next);
        for mine in school.groups.iter_mut().filter(|g| g.province == "福建" && g.track == Track::Physics) {
            for group in &mut mine.groups {
                if let Some(mut line) = group.lines.iter().find(|l| l.year == latest).cloned() {
                    line.year = latest + 1;
                    group.lines.push(line);
                }
            }
        }
    }
    (data, latest + 1)
}

#[test]
fn a_second_year_shows_in_the_indexes_of_this_instance_at_once_and_of_another_within_a_second() {
    let db = Db::seeded();
    let clock = Clock::manual_from_now();
    let (loader, other) = (db.open(&clock), db.open(&clock));
    let before = other.rank_index("福建", Track::Physics).expect("index");
    let groups_before = other.group_index("福建", Track::Physics).expect("groups");
    loader.rank_index("福建", Track::Physics).expect("index");
    let (data, year) = with_next_year(fixtures());
    assert!(!before.years.contains(&year));

    let report = loader.load(&data, LoadOptions::default()).expect("load");
    assert!(report.schools.updated > 0, "{report:?}");
    assert!(loader.rank_index("福建", Track::Physics).expect("index").years.contains(&year), "at once");

    // The other instance reads the version at most once a second: still the old index …
    assert_eq!(other.rank_index("福建", Track::Physics).expect("index").years, before.years);
    clock.advance(Duration::from_millis(999));
    assert_eq!(other.rank_index("福建", Track::Physics).expect("index").years, before.years);
    // … and the new one once the second is over.
    clock.advance(Duration::from_millis(1));
    let after = other.rank_index("福建", Track::Physics).expect("index");
    assert!(after.years.contains(&year), "{:?}", after.years);
    assert_eq!(after.schools.len(), before.schools.len());
    assert!(!groups_before.groups.is_empty() && !groups_before.years.contains(&year));
    let groups = other.group_index("福建", Track::Physics).expect("groups");
    assert!(groups.years.contains(&year), "{:?}", groups.years);
}

#[test]
fn seeding_and_loading_into_an_empty_database_write_the_same_rows() {
    let data = fixtures();
    let (seeded, loaded) = (temp_dir(), temp_dir());
    let a = Store::sqlite(&seeded.0.join("a.sqlite")).expect("open");
    assert!(a.seed(&data).expect("seed"));
    let b = Store::sqlite(&loaded.0.join("b.sqlite")).expect("open");
    let report = b.load(&data, LoadOptions::default()).expect("load");
    assert_eq!(report.schools.added, data.schools.len());
    assert_eq!(report.articles.added, data.articles.len());
    assert_eq!(a.catalogue_checksum().expect("a"), b.catalogue_checksum().expect("b"));
}

#[test]
fn the_catalogue_reads_back_as_the_data_set_it_was_seeded_from() {
    // `portal-data export` writes what `Store::catalogue` reads: every record, row and
    // document of the data set, in its order.
    let db = Db::seeded();
    let read = db.open(&Clock::manual(0)).catalogue().expect("catalogue");
    let data = fixtures();
    assert_eq!(read.schools, data.schools);
    assert_eq!(read.articles, data.articles);
    assert_eq!(read.featured, data.featured);
    assert_eq!(read.sources, data.sources);
    assert_eq!(read.admissions.tables, data.admissions.tables);
    assert_eq!(read.admissions.schools.len(), data.admissions.schools.len());
    for (got, want) in read.admissions.schools.iter().zip(&data.admissions.schools) {
        let id = want.school_id;
        assert_eq!(got.school_id, id);
        assert_eq!(got.provinces, want.provinces, "school {id}");
        assert!(got.lines == want.lines, "school {id}: lines");
        assert!(got.major_lines == want.major_lines, "school {id}: major lines");
        assert!(got.plans == want.plans, "school {id}: plans");
        assert!(got.majors == want.majors, "school {id}: majors");
        // The 院校专业组 are kept by province and track, not in the data set's order.
        let sorted = |groups: &[portal_dataset::SchoolGroups]| {
            let mut groups = groups.to_vec();
            groups.sort_by(|a, b| (&a.province, a.track).cmp(&(&b.province, b.track)));
            groups
        };
        assert!(sorted(&got.groups) == sorted(&want.groups), "school {id}: groups");
    }
}

/// What a visitor reads of one school and one of its articles on an instance: its card's city
/// on the school page, the article page, the directory and search, the article's title on the
/// home page and the school's news.
fn seen(store: &Store, school: u32, article: u32, name: &str) -> [String; 6] {
    let page = store.school(school).expect("store").expect("school");
    let on_article = store.article(article).expect("store").expect("article");
    let query = SchoolQuery { page: 1, ..SchoolQuery::default() };
    let directory = store.schools(&query).expect("store");
    let in_directory = directory.schools.items.iter().find(|s| s.id == school).expect("on page 1");
    let search = store.search(name).expect("store");
    let home = store.home().expect("store");
    let on_home = home.latest.iter().find(|a| a.id == article).map(|a| a.title.clone());
    let news = store.school_articles(school, 1).expect("store").expect("school");
    let in_news = news.articles.items.iter().find(|a| a.id == article).map(|a| a.title.clone());
    [
        page.school.city,
        on_article.school.city,
        in_directory.city.clone(),
        search.schools.iter().find(|s| s.id == school).map(|s| s.city.clone()).unwrap_or_default(),
        on_home.unwrap_or_default(),
        in_news.unwrap_or_default(),
    ]
}

#[test]
fn a_load_through_either_instance_shows_on_the_others_pages_within_a_second_and_not_before() {
    let db = Db::seeded();
    let clock = Clock::manual_from_now();
    let (a, b) = (db.open(&clock), db.open(&clock));
    let mut data = fixtures();
    let latest = data.articles.iter().map(|a| a.info.id).max().expect("articles");
    let article = data.articles.iter().position(|a| a.info.id == latest).expect("latest");
    let school = data.articles[article].info.school_id;
    let index = data.schools.iter().position(|s| s.card.id == school).expect("its school");
    let name = data.schools[index].card.name.clone();
    let old = seen(&b, school, latest, &name);
    assert_eq!(seen(&a, school, latest, &name), old);
    assert!(
        !old[4].is_empty() && !old[5].is_empty(),
        "the article is on the home page and in the news: {old:?}"
    );

    for (round, (loader, other)) in [(&a, &b), (&b, &a)].into_iter().enumerate() {
        let before = seen(other, school, latest, &name);
        data.schools[index].card.city = format!("新城{round}");
        data.articles[article].info.title = format!("新标题{round}");
        let new = [&data.schools[index].card.city, &data.articles[article].info.title];
        let expected = [new[0], new[0], new[0], new[0], new[1], new[1]].map(String::clone);
        let report = loader.load(&data, LoadOptions::default()).expect("load");
        assert!(report.changed(), "{report:?}");
        assert_eq!(seen(loader, school, latest, &name), expected, "round {round}: the loader at once");

        // The other reads the version at most once a second: its kept answers until then …
        assert_eq!(seen(other, school, latest, &name), before, "round {round}");
        clock.advance(Duration::from_millis(999));
        assert_eq!(seen(other, school, latest, &name), before, "round {round}");
        // … and the new ones once the second is over.
        clock.advance(Duration::from_millis(1));
        assert_eq!(seen(other, school, latest, &name), expected, "round {round}: the other instance");
    }

    // Loading the same source again changes nothing: the version stays (so no instance drops
    // what it keeps).
    let last = a.load(&data, LoadOptions::default()).expect("load again");
    assert!(!last.changed(), "{last:?}");
    clock.advance(Duration::from_secs(1));
    let again = b.load(&data, LoadOptions::default()).expect("load again");
    assert!(!again.changed(), "{again:?}");
    assert_eq!(again.version, last.version, "the version stays");

    // A change that is not a load moves no version: the instances keep answering from memory.
    let kept = seen(&a, school, latest, &name);
    assert_eq!(seen(&b, school, latest, &name), kept);
    db.behind_the_stores(&format!("UPDATE schools SET city = '改了' WHERE id = {school}"));
    clock.advance(Duration::from_secs(5));
    assert_eq!(seen(&a, school, latest, &name), kept, "answered from memory");
    assert_eq!(seen(&b, school, latest, &name), kept, "answered from memory");
}

#[test]
fn follower_counts_on_kept_pages_stay_live_on_every_instance() {
    let db = Db::seeded();
    let clock = Clock::manual_from_now();
    let (a, b) = (db.open(&clock), db.open(&clock));
    let data = fixtures();
    let article = &data.articles[0].info;
    let (school, name) = (article.school_id, data.schools.iter().find(|s| s.card.id == article.school_id));
    let name = name.expect("its school").card.name.clone();
    // Every place a card is shown, read (and kept) on both instances first.
    let counts = |store: &Store| {
        let query = SchoolQuery { page: 1, ..SchoolQuery::default() };
        let directory = store.schools(&query).expect("store").schools.items;
        let home = store.home().expect("store").featured;
        [
            store.school(school).expect("store").expect("school").school.followers,
            store.article(article.id).expect("store").expect("article").school.followers,
            store.school_articles(school, 1).expect("store").expect("school").school.followers,
            directory.iter().chain(&home).find(|s| s.id == school).map_or(0, |s| s.followers),
            store
                .search(&name)
                .expect("store")
                .schools
                .iter()
                .find(|s| s.id == school)
                .expect("found")
                .followers,
        ]
    };
    let before = counts(&a);
    assert_eq!(counts(&b), before);

    // Followed through A, without the clock moving: A shows it at once, B as soon as it hears.
    let seen = b.follow_news_seen();
    let user = follower(&a, "live_count", "13800000010", &[school]);
    let followed = before.map(|n| if n == 0 { 0 } else { n + 1 });
    assert_eq!(counts(&a), followed);
    assert!(b.wait_for_follow_news(seen, NEWS_WAIT), "B heard of the follow");
    assert_eq!(counts(&b), followed);
    assert!(followed[..3].iter().all(|&n| n > 0));
    // Unfollowed through B: back on both.
    let seen = a.follow_news_seen();
    b.set_follow(user, school, false).expect("store").expect("school");
    assert_eq!(counts(&b), before);
    assert!(a.wait_for_follow_news(seen, NEWS_WAIT), "A heard of the unfollow");
    assert_eq!(counts(&a), before);
}

/// How long a test waits for one instance to hear of another's follow: only a hang takes long.
const NEWS_WAIT: Duration = Duration::from_secs(60);

/// On PostgreSQL an instance keeps the follower counts while it hears every follow's news, so
/// a kept page costs no query: a follow written behind the instances' backs (no news) is not
/// seen until news of another follow arrives. On SQLite nothing is kept: it shows at once.
#[test]
fn follower_counts_are_kept_between_news_where_there_is_news() {
    let db = Db::seeded();
    let clock = Clock::manual_from_now();
    let (a, b) = (db.open(&clock), db.open(&clock));
    let school = fixtures().schools[0].card.id;
    let on_postgres = db._postgres.is_some();
    if on_postgres {
        assert!(b.listens_for_follow_news(NEWS_WAIT), "B hears the follows' news");
    }
    let before = followers(&b, school);

    let user = a.create_user("quiet_follow", "13800000030", "hash").expect("store").expect("free");
    db.behind_the_stores(&format!("INSERT INTO follows (user_id, school_id) VALUES ({}, {school})", user.id));
    let quiet = if on_postgres { before } else { before + 1 };
    assert_eq!(followers(&b, school), quiet, "kept on PostgreSQL, read on SQLite");

    // News of a follow (of another school) drops what B kept: both follows show.
    let seen = b.follow_news_seen();
    let other = fixtures().schools[1].card.id;
    a.set_follow(user.id, other, true).expect("store").expect("school");
    assert!(b.wait_for_follow_news(seen, NEWS_WAIT));
    assert_eq!(followers(&b, school), before + 1);
}

#[test]
fn the_directory_orders_kept_cards_by_live_follower_counts() {
    let db = Db::seeded();
    let clock = Clock::manual_from_now();
    let (a, b) = (db.open(&clock), db.open(&clock));
    // Two new schools without followers: listed by id until a follow tells them apart.
    let mut data = fixtures();
    let next = data.schools.iter().map(|s| s.card.id).max().expect("schools") + 1;
    for (id, name) in [(next, "测试甲学院"), (next + 1, "测试乙学院")] {
        let mut school = data.schools[0].clone();
        school.card.id = id;
        school.card.name = name.into();
        school.card.short_name = String::new();
        school.card.pinyin = "ceshi".into();
        school.card.followers = 0;
        data.schools.push(school);
    }
    a.load(&data, LoadOptions::default()).expect("load");
    clock.advance(Duration::from_secs(1));
    let query = SchoolQuery { name: "测试".into(), page: 1, ..SchoolQuery::default() };
    let ids = |store: &Store| -> Vec<(u32, u64)> {
        store.schools(&query).expect("store").schools.items.iter().map(|s| (s.id, s.followers)).collect()
    };
    assert_eq!(ids(&b), vec![(next, 0), (next + 1, 0)]);
    assert_eq!(ids(&a), ids(&b));

    let seen = b.follow_news_seen();
    follower(&a, "overtaker", "13800000020", &[next + 1]);
    assert!(b.wait_for_follow_news(seen, NEWS_WAIT));
    assert_eq!(ids(&b), vec![(next + 1, 1), (next, 0)], "reordered on the other instance at once");
    assert_eq!(ids(&a), ids(&b));
}
