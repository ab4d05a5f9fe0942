//! The generator's vocabulary: sentences about many topics, their words drawn with a Zipf-like
//! law (the word of rank r about 1/r as often as the commonest), so that, as in real records, a
//! few words are everywhere and most are rare. Places and organizations come from the
//! gazetteer's pools, drawn the same way, and a small share of sentences are the fixed frames of
//! earlier versions, also ranked, so that phrases such as "joint administration" still occur,
//! but no longer in one paragraph out of eight.
//!
//! No sentence holds a colon, a bracket, an asterisk, a verb of speaking or a "that" clause of
//! agreeing or considering: the words must not look like speaker labels, editorial marks or
//! reported speech to the reader being scored (a turn opening with "Both sides agree that …"
//! was read as narration, label and all).

use super::{Pools, Rng};

/// Draws ranks `0..n` with probability proportional to `1 / (rank + 1)^s`.
pub struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    /// A law over `n` ranks with exponent `s` (about 1 for words).
    pub fn new(n: usize, s: f64) -> Zipf {
        let mut total = 0.0;
        let cumulative = (0..n.max(1))
            .map(|r| {
                total += 1.0 / ((r + 1) as f64).powf(s);
                total
            })
            .collect();
        Zipf { cumulative }
    }

    /// One rank.
    pub fn draw(&self, rng: &mut Rng) -> usize {
        let total = *self.cumulative.last().unwrap_or(&1.0);
        let x = rng.unit() * total;
        self.cumulative
            .partition_point(|&c| c <= x)
            .min(self.cumulative.len() - 1)
    }

    /// One element of a slice, by rank (the slice's order is its ranking).
    pub fn pick<'a, T>(&self, rng: &mut Rng, items: &'a [T]) -> &'a T {
        let r = self.draw(rng) % items.len().max(1);
        &items[r]
    }
}

/// Topics, each with its nouns in order of how common they are.
const TOPICS: &[&[&str]] = &[
    &[
        "railway",
        "line",
        "station",
        "wagons",
        "track",
        "junction",
        "timetable",
        "locomotives",
        "gauge",
        "freight",
        "sleepers",
        "bridge",
        "tunnel",
        "depot",
        "signals",
        "carriages",
        "engineers",
        "embankment",
    ],
    &[
        "harbour",
        "port",
        "ships",
        "docks",
        "cargo",
        "tonnage",
        "berths",
        "tankers",
        "pilots",
        "cranes",
        "warehouses",
        "moorings",
        "dredging",
        "breakwater",
        "lighthouse",
        "quays",
    ],
    &[
        "loan",
        "credit",
        "roubles",
        "dollars",
        "gold",
        "interest",
        "repayment",
        "budget",
        "accounts",
        "bank",
        "currency",
        "reserves",
        "debt",
        "exchange",
        "bonds",
        "instalments",
        "ledger",
    ],
    &[
        "harvest",
        "grain",
        "wheat",
        "rice",
        "fertiliser",
        "tractors",
        "drought",
        "cotton",
        "livestock",
        "irrigation",
        "granaries",
        "seed",
        "famine",
        "collective",
        "orchards",
        "millet",
        "soybeans",
    ],
    &[
        "army",
        "divisions",
        "troops",
        "artillery",
        "aircraft",
        "airfields",
        "garrison",
        "officers",
        "volunteers",
        "front",
        "tanks",
        "ammunition",
        "reinforcements",
        "staff",
        "manoeuvres",
        "batteries",
    ],
    &[
        "treaty",
        "agreement",
        "protocol",
        "clause",
        "article",
        "ratification",
        "signature",
        "annex",
        "text",
        "draft",
        "obligations",
        "guarantees",
        "terms",
        "preamble",
        "amendment",
        "signatories",
    ],
    &[
        "factory",
        "plant",
        "steel",
        "coal",
        "machinery",
        "output",
        "furnaces",
        "mines",
        "electricity",
        "turbines",
        "blueprints",
        "workshops",
        "cement",
        "oil",
        "refinery",
        "equipment",
        "smelters",
    ],
    &[
        "press",
        "newspapers",
        "broadcast",
        "radio",
        "communique",
        "statement",
        "editorial",
        "correspondents",
        "leaflets",
        "propaganda",
        "rumours",
        "headlines",
        "bulletin",
        "magazine",
    ],
    &[
        "border",
        "frontier",
        "islands",
        "coast",
        "strait",
        "river",
        "mountains",
        "valley",
        "plateau",
        "province",
        "territory",
        "demarcation",
        "crossing",
        "passes",
        "outposts",
        "maps",
    ],
    &[
        "students",
        "schools",
        "universities",
        "teachers",
        "textbooks",
        "scholarships",
        "institutes",
        "specialists",
        "translators",
        "exchanges",
        "academies",
        "courses",
        "dictionaries",
    ],
    &[
        "embassy",
        "ambassador",
        "consulate",
        "delegation",
        "visit",
        "reception",
        "credentials",
        "envoy",
        "mission",
        "talks",
        "negotiations",
        "courier",
        "cipher",
        "archives",
        "protocol",
    ],
    &[
        "congress",
        "plenum",
        "resolution",
        "directive",
        "cadres",
        "members",
        "secretariat",
        "conference",
        "session",
        "committee",
        "programme",
        "line",
        "campaign",
        "purge",
        "report",
    ],
    &[
        "refugees",
        "prisoners",
        "repatriation",
        "camps",
        "hospitals",
        "medicines",
        "doctors",
        "epidemic",
        "relief",
        "shelters",
        "rations",
        "families",
        "orphans",
        "volunteers",
    ],
    &[
        "fishing",
        "whaling",
        "trawlers",
        "catch",
        "quotas",
        "canneries",
        "salmon",
        "herring",
        "nets",
        "licences",
        "waters",
        "boats",
        "season",
    ],
];

/// Adjectives, commonest first.
const ADJECTIVES: &[&str] = &[
    "new",
    "large",
    "important",
    "necessary",
    "difficult",
    "serious",
    "urgent",
    "further",
    "present",
    "final",
    "general",
    "military",
    "economic",
    "political",
    "technical",
    "small",
    "considerable",
    "temporary",
    "former",
    "possible",
    "northern",
    "southern",
    "eastern",
    "western",
    "joint",
    "separate",
    "direct",
    "regular",
    "special",
    "heavy",
    "modern",
    "costly",
    "delicate",
    "unexpected",
    "partial",
    "gradual",
    "secret",
    "unfinished",
    "reliable",
    "doubtful",
    "ambitious",
    "modest",
    "bilateral",
    "provisional",
    "substantial",
    "meagre",
];

/// Verbs in the third person plural (with their objects to follow), commonest first.
const VERBS: &[&str] = &[
    "need",
    "require",
    "concern",
    "affect",
    "delay",
    "exceed",
    "include",
    "replace",
    "support",
    "threaten",
    "reduce",
    "improve",
    "follow",
    "cover",
    "change",
    "limit",
    "restore",
    "expand",
    "hinder",
    "complicate",
    "outweigh",
    "precede",
    "accompany",
    "strengthen",
    "weaken",
    "undermine",
    "justify",
    "resemble",
    "postpone",
    "duplicate",
    "overshadow",
    "simplify",
];

/// Adverbs, commonest first.
const ADVERBS: &[&str] = &[
    "now",
    "still",
    "already",
    "soon",
    "again",
    "certainly",
    "probably",
    "perhaps",
    "fully",
    "hardly",
    "gradually",
    "immediately",
    "seriously",
    "partly",
    "largely",
    "naturally",
    "somewhat",
    "considerably",
    "reluctantly",
    "unexpectedly",
];

/// Sentence templates: `{N}` `{M}` nouns of the paragraph's topic, `{A}` an adjective, `{V}` a
/// verb, `{D}` an adverb, `{P}` a place, `{O}` an organization, `{Y}` a year.
const TEMPLATES: &[&str] = &[
    "The {A} {N} at {P} {V} the {M}",
    "The {N} must be settled before the {M}",
    "The {N} and the {M} {D} {V} each other",
    "In {Y} the {N} of {P} was {A}, and it is {D} so",
    "The {O} has studied the {N} and the {M} with care",
    "Our comrades at {P} find the {N} {A}",
    "It is {A} to discuss the {N} without the {M}",
    "The {A} {N} {D} {V} the {A} {M}",
    "The {N} near {P} should be {A} for both sides",
    "Nobody expects the {N} to be {A} before {Y}",
    "The question of the {N} is {D} {A}",
    "We propose to send {A} {N} to {P} in the spring",
    "The {M} there {D} {V} the {N}",
    "Much depends on the {N}, and more on the {M}",
    "The figures for the {N} in {Y} were {A}",
    "Without the {N} the {M} at {P} cannot work",
    "The {O} will examine the {A} {N} next month",
    "There is {D} no agreement on the {N} of {P}",
    "The {N} was the first item, the {M} the second",
    "A {A} {N} would {V} the {M}",
];

/// The earlier versions' fixed frames (`{P}` a place, `{O}` an organization, `{Y}` a year),
/// commonest first, so that the phrases of the README's queries still occur. Those with a verb
/// of speaking or an opinion come last (rarest): a turn opening with "our comrades there
/// report …" was read as narration, its label lost.
const FRAMES: &[&str] = &[
    "The railway and the port at {P} should remain under joint administration for the time being",
    "We have studied the question of {P} with great care and see no reason to change our position",
    "It would be a mistake to give the other side any pretext for pressure on {P}",
    "Our delegation considers that the agreement of {Y} must be honoured in full",
    "The {O} has discussed this matter twice and reached a unanimous opinion",
    "There is no need to hurry; the matter can wait until the spring",
    "In our view the Americans will not risk a large war over {P}",
    "We are prepared to send specialists, but the number must be agreed in advance",
    "This question touches the interests of both our parties and should be settled between us",
    "Nobody wants a repetition of what happened in {Y}",
    "Let us instruct our ministers to prepare a draft and return to it tomorrow",
    "The loan will be repaid in goods over ten years, as was agreed in {P}",
    "There are still many unresolved questions concerning the border near {P}",
    "We should not exaggerate the significance of these disagreements",
    "The situation around {P} remains tense, and our comrades there report new difficulties every week",
    "I must say frankly that the deliveries promised for {P} have not arrived on time",
    "We would like to hear your opinion before the {O} takes a final decision",
    "The press has published many false reports about {P}, and we ought to answer them calmly",
    "The comrades from the {O} have prepared a detailed report on the harvest and on industry",
    "I agree with this in principle, although some details need clarification",
];

/// The laws the generator draws with, made once.
pub struct Vocab {
    topics: Zipf,
    nouns: Zipf,
    adjectives: Zipf,
    verbs: Zipf,
    adverbs: Zipf,
    templates: Zipf,
    frames: Zipf,
    places: Zipf,
    orgs: Zipf,
}

impl Vocab {
    /// The laws for a set of pools.
    pub fn new(pools: &Pools) -> Vocab {
        Vocab {
            topics: Zipf::new(TOPICS.len(), 0.8),
            nouns: Zipf::new(18, 1.0),
            adjectives: Zipf::new(ADJECTIVES.len(), 1.0),
            verbs: Zipf::new(VERBS.len(), 1.0),
            adverbs: Zipf::new(ADVERBS.len(), 1.0),
            templates: Zipf::new(TEMPLATES.len(), 0.7),
            frames: Zipf::new(FRAMES.len(), 1.0),
            places: Zipf::new(pools.places.len(), 1.05),
            orgs: Zipf::new(pools.orgs.len(), 1.05),
        }
    }

    /// Laws over nothing, to be replaced once the pools are known.
    pub fn empty() -> Vocab {
        let z = || Zipf::new(1, 1.0);
        Vocab {
            topics: z(),
            nouns: z(),
            adjectives: z(),
            verbs: z(),
            adverbs: z(),
            templates: z(),
            frames: z(),
            places: z(),
            orgs: z(),
        }
    }

    /// A topic for a paragraph (an index into the topics).
    pub fn topic(&self, rng: &mut Rng) -> usize {
        self.topics.draw(rng)
    }

    /// One sentence (without its full stop) on a topic.
    pub fn sentence(&self, rng: &mut Rng, pools: &Pools, topic: usize) -> String {
        let place = self.places.pick(rng, &pools.places).clone();
        let org = self.orgs.pick(rng, &pools.orgs).clone();
        let year = rng.range(1945, 1958).to_string();
        if rng.chance(0.15) {
            let frame = *self.frames.pick(rng, FRAMES);
            return frame
                .replace("{P}", &place)
                .replace("{O}", &org)
                .replace("{Y}", &year);
        }
        let nouns = TOPICS[topic % TOPICS.len()];
        let template = *self.templates.pick(rng, TEMPLATES);
        let mut out = String::with_capacity(template.len() + 40);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let slot = &rest[open + 1..open + 2];
            rest = &rest[open + 3..];
            match slot {
                "N" | "M" => out.push_str(self.nouns.pick::<&str>(rng, nouns)),
                "A" => out.push_str(self.adjectives.pick::<&str>(rng, ADJECTIVES)),
                "V" => out.push_str(self.verbs.pick::<&str>(rng, VERBS)),
                "D" => out.push_str(self.adverbs.pick::<&str>(rng, ADVERBS)),
                "P" => out.push_str(&place),
                "O" => out.push_str(&org),
                _ => out.push_str(&year),
            }
        }
        out.push_str(rest);
        out
    }
}
