//! A realistic generated library for the search bench: article lengths from a
//! few hundred to a few thousand words, words drawn with Zipf-like frequencies
//! (so a handful are in most articles and most are rare), recurring phrases,
//! bylines, sites, tags, highlights, states and dates spread over ten years,
//! a few accented words, and about 3 % of articles in Chinese, Japanese or
//! Korean. Rows go straight into `articles` (the schema's triggers keep both
//! full-text indexes), a thousand to a transaction, through the library's own
//! connection so the indexes are exactly what the app would build.

use quire_core::{Library, Result};
use rusqlite::params;

/// A small deterministic generator (xorshift64*): the same library every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    /// Zipf-like (log-uniform) rank in `0..n`: rank 0 is by far the most frequent.
    pub fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        (((n as f64 + 1.0).powf(u)) - 1.0).floor().min(n as f64 - 1.0) as usize
    }
}

const COMMON: &str = "the of and to in a is that for it as was with be by on not he this are or his from at which \
    but have an they you were her she there been one all we their has would when more will if can people said new \
    time year world state government first two could after years city country public report last over also";
const TOPICAL: &str = "climate energy market election budget river forest vaccine satellite museum railway \
    glacier festival parliament drought harvest startup orbit archive language housing school hospital court \
    police water ocean coast winter summer economy inflation bank trade border migration science research data \
    software privacy security network health doctor patient village mountain island bridge factory worker union \
    farmer garden kitchen restaurant coffee bread novel poetry painting music theatre cinema football cricket tennis";
const INTER: &[&str] = &[
    "international",
    "interest",
    "internet",
    "interview",
    "interior",
    "interval",
    "interpret",
    "intervention",
    "interaction",
    "interface",
    "internal",
    "interim",
    "intermediate",
    "interstate",
    "intertidal",
];
const PHRASES: &[&str] =
    &["interest rates", "climate change", "supply chain", "public health", "artificial intelligence"];
const ACCENTED: &[&str] = &["café", "Gdańsk", "naïve", "résumé", "São Paulo", "Zürich", "crème brûlée", "Kraków"];
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ter", "van", "sur", "pol", "den", "ri", "mo", "bel", "tra", "nis", "gor", "ule", "fen", "da",
    "ques", "pra", "lin", "tor", "ve", "sha", "mun", "ox", "ple", "cor", "dri", "nal", "zu",
];
const FIRST: &[&str] = &[
    "Jane", "Ahmed", "Maria", "Chen", "Olu", "Sofia", "Rahul", "Elena", "Tom", "Aiko", "Lucas", "Amara", "Pavel",
    "Ines", "Kwame", "Hana", "Diego", "Freya", "Omar", "Mei",
];
const LAST: &[&str] = &[
    "Smith",
    "Okafor",
    "García",
    "Wang",
    "Kowalski",
    "Rossi",
    "Nakamura",
    "Haddad",
    "Müller",
    "Dubois",
    "Kim",
    "Silva",
    "Novak",
    "Jensen",
    "Patel",
    "Ivanova",
    "Moreau",
    "Lindqvist",
    "Adeyemi",
    "Santos",
];
const SITES: &[(&str, &str)] = &[
    ("The Guardian", "theguardian.com"),
    ("The Atlantic", "theatlantic.com"),
    ("BBC News", "bbc.co.uk"),
    ("The New Yorker", "newyorker.com"),
    ("Ars Technica", "arstechnica.com"),
    ("Le Monde", "lemonde.fr"),
    ("Aeon", "aeon.co"),
    ("Quanta Magazine", "quantamagazine.org"),
    ("NHK", "nhk.or.jp"),
    ("Nature", "nature.com"),
];
const TAGS: &[&str] = &[
    "politics",
    "science",
    "long read",
    "tech",
    "climate",
    "economics",
    "culture",
    "health",
    "travel",
    "food",
    "history",
    "books",
    "sport",
    "design",
    "cities",
    "japan",
    "korea",
    "china",
    "to cite",
    "research",
];
const JA: &[&str] = &[
    "日本",
    "経済",
    "東京",
    "日本経済",
    "政府",
    "人工知能",
    "気候変動",
    "研究",
    "大学",
    "新聞",
    "記者",
    "市場",
    "です",
    "ます",
    "について",
    "これは",
    "として",
    "社会",
    "技術",
    "未来",
];
const ZH: &[&str] = &[
    "中国",
    "北京",
    "经济",
    "上海",
    "政府",
    "人工智能",
    "气候变化",
    "研究",
    "大学",
    "市场",
    "我们",
    "他们",
    "发展",
    "社会",
    "技术",
    "城市",
    "历史",
    "文化",
];
const KO: &[&str] = &[
    "서울에서",
    "한국",
    "경제가",
    "정부는",
    "인공지능",
    "기후변화",
    "연구",
    "대학교",
    "시장",
    "사회",
    "기술",
    "문화",
    "역사",
    "도시",
];

pub struct Vocabulary {
    words: Vec<String>,
}

impl Vocabulary {
    /// Common words first, then topical ones, the `inter…` family, then a long tail of made-up words.
    pub fn new(rng: &mut Rng) -> Vocabulary {
        let mut words: Vec<String> = COMMON.split_whitespace().map(String::from).collect();
        words.extend(TOPICAL.split_whitespace().map(String::from));
        while words.len() < 20_000 {
            let n = 2 + rng.below(3);
            words.push((0..n).map(|_| SYLLABLES[rng.below(SYLLABLES.len())]).collect());
        }
        for (i, w) in INTER.iter().enumerate() {
            words.insert(60 + i * 9, w.to_string());
        }
        Vocabulary { words }
    }
    fn word(&self, rng: &mut Rng) -> &str {
        &self.words[rng.zipf(self.words.len())]
    }
    fn sentence(&self, rng: &mut Rng, n: usize) -> String {
        let mut s: Vec<&str> = (0..n).map(|_| self.word(rng)).collect();
        if rng.chance(8) {
            let at = rng.below(s.len());
            s.insert(at, PHRASES[rng.zipf(PHRASES.len())]);
        }
        if rng.chance(1) {
            s.insert(0, ACCENTED[rng.below(ACCENTED.len())]);
        }
        s.join(" ")
    }
}

fn cjk_sentence(rng: &mut Rng, words: &[&str], spaced: bool) -> String {
    let n = 4 + rng.below(8);
    let parts: Vec<&str> = (0..n).map(|_| words[rng.zipf(words.len())]).collect();
    let mut s = parts.join(if spaced { " " } else { "" });
    s.push(if spaced { '.' } else { '。' });
    s
}

/// Writes `count` articles into the library; returns nothing but time.
pub fn fill(lib: &Library, count: usize) -> Result<()> {
    let mut rng = Rng::new(0x5155_4952);
    let vocab = Vocabulary::new(&mut rng);
    let start = time::macros::datetime!(2016-01-01 00:00 UTC);
    let span = (time::macros::datetime!(2026-11-01 00:00 UTC) - start).whole_seconds();
    lib.write(|tx| {
        for (i, name) in TAGS.iter().enumerate() {
            tx.execute(
                "INSERT INTO tags (id, name, updated_at) VALUES (?1, ?2, '2016-01-01T00:00:00.000Z')",
                params![format!("tag-{i}"), name],
            )?;
        }
        Ok(())
    })?;
    let mut done = 0;
    while done < count {
        let batch = (count - done).min(1000);
        lib.write(|tx| {
            let mut insert = tx.prepare_cached(
                "INSERT INTO articles (id, url, canonical_url, title, standfirst, bylines, site_name, lang,
                     published_at, saved_at, updated_at, content_html, text, excerpt, word_count, reading_minutes,
                     state, favourite, original_html, original_content_type, deleted_at)
                 VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                     'text/html', ?18)",
            )?;
            let mut tag = tx.prepare_cached(
                "INSERT OR IGNORE INTO article_tags (article_id, tag_id, updated_at) VALUES (?1, ?2, ?3)",
            )?;
            let mut highlight = tx.prepare_cached(
                "INSERT INTO highlights (id, article_id, exact, start_pos, end_pos, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            )?;
            for i in done..done + batch {
                let id = format!("0190{i:028x}");
                let (site, host) = SITES[rng.zipf(SITES.len())];
                let url = format!("https://www.{host}/{}/{i}", 2016 + i * 11 / count.max(1));
                let cjk = rng.chance(3);
                let (title, paragraphs, lang) = if cjk {
                    let (words, spaced, lang) = match rng.below(3) {
                        0 => (JA, false, "ja"),
                        1 => (ZH, false, "zh"),
                        _ => (KO, true, "ko"),
                    };
                    let paragraphs: Vec<String> = (0..3 + rng.below(12))
                        .map(|_| (0..4).map(|_| cjk_sentence(&mut rng, words, spaced)).collect::<Vec<_>>().join(""))
                        .collect();
                    (cjk_sentence(&mut rng, words, spaced), paragraphs, lang)
                } else {
                    // Lengths from ~150 to ~4,000 words, most around 600.
                    let words = 150 + rng.zipf(12) * 60 + rng.below(500) + if rng.chance(10) { 2500 } else { 0 };
                    let paragraphs: Vec<String> = (0..words / 60).map(|_| vocab.sentence(&mut rng, 60)).collect();
                    let length = 5 + rng.below(6);
                    let title = capitalise(&vocab.sentence(&mut rng, length));
                    (title, paragraphs, "en")
                };
                let standfirst = rng.chance(70).then(|| vocab.sentence(&mut rng, 18));
                let bylines: Vec<String> = (0..rng.below(3))
                    .map(|_| format!("{} {}", FIRST[rng.zipf(FIRST.len())], LAST[rng.zipf(LAST.len())]))
                    .collect();
                let saved = start + time::Duration::seconds(span * i as i64 / count as i64 + rng.below(3600) as i64);
                let published = saved - time::Duration::days(rng.below(400) as i64);
                let saved_at = stamp(saved);
                let text = paragraphs.join("\n\n");
                let html: String = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
                let original = zstd::bulk::compress(format!("<html><body>{html}</body></html>").as_bytes(), 1)
                    .expect("zstd compresses");
                let words = text.split_whitespace().count() as i64;
                insert.execute(params![
                    id,
                    url,
                    title,
                    standfirst,
                    bylines.join("\n"),
                    site,
                    lang,
                    (!rng.chance(10)).then(|| stamp(published)),
                    saved_at,
                    html,
                    text,
                    text.chars().take(160).collect::<String>(),
                    words,
                    1 + words / 230,
                    if rng.chance(30) { "unread" } else { "archived" },
                    rng.chance(5),
                    original,
                    rng.chance(1).then(|| saved_at.clone()),
                ])?;
                for _ in 0..rng.zipf(4) {
                    tag.execute(params![id, format!("tag-{}", rng.zipf(TAGS.len())), saved_at])?;
                }
                if rng.chance(8) {
                    for h in 0..1 + rng.below(5) {
                        let from = rng.below(text.len() / 2);
                        let quote: String = text.chars().skip(from).take(80).collect();
                        highlight.execute(params![
                            format!("{id}-h{h}"),
                            id,
                            quote,
                            from as i64,
                            from as i64 + 80,
                            saved_at
                        ])?;
                    }
                }
            }
            Ok(())
        })?;
        done += batch;
    }
    Ok(())
}

fn stamp(at: time::OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z",
        at.year(),
        at.month() as u8,
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
