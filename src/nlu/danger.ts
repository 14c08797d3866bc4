// Finds danger to life or home, and people at risk of harm, in any message at any step, before anything else looks
// at it. Deliberately eager: a false alarm costs a safety message, a miss could cost a life. It runs on the raw text
// and on the spelling-corrected text (src/nlu/understand.ts), and ignores a danger word only when it is plainly
// negated ("no gas smell", "not sparking").

// Most severe first: when a message has several, the first decides the advice the tenant gets first.
export const DANGER_KINDS = [
  "fire",
  "gas",
  "co",
  "self_harm",
  "domestic_abuse",
  "child_at_risk",
  "welfare",
  "violence",
  "exploitation",
  "hate",
  "threat",
  // A ceiling coming down before the water in it, and water on the electrics before the electrics: each one's
  // advice covers the next one's danger too ("keep away from wet sockets and lights, power off at the fuse box").
  "structural",
  "flood",
  "electric_danger",
  "insecure",
  "lift_entrapment",
  // an emergency repair but no danger to life this minute: the repair journey sets the priority
  "no_heat_vulnerable",
  "no_water",
  "power_loss",
  "sewage",
] as const;

export type DangerKind = (typeof DANGER_KINDS)[number];

export const SAFEGUARDING_KINDS: ReadonlySet<DangerKind> = new Set([
  "threat", "domestic_abuse", "self_harm", "hate", "child_at_risk", "exploitation", "welfare",
]);

/** Violence threatened against someone's life is an emergency (999), as well as a case for a person. */
export const EMERGENCY_KINDS: ReadonlySet<DangerKind> = new Set([
  "fire", "gas", "co", "electric_danger", "flood", "structural", "insecure", "lift_entrapment", "violence",
  "no_heat_vulnerable", "no_water", "power_loss", "sewage",
]);

/** Kinds that interrupt whatever the tenant is doing with safety advice and a case for staff. */
export const INTERRUPTING_KINDS: ReadonlySet<DangerKind> = new Set(
  DANGER_KINDS.filter((kind) => !["no_heat_vulnerable", "no_water", "power_loss", "sewage"].includes(kind)),
);

/** Alternatives as one regular-expression group. */
const any = (...words: string[]) => `(?:${words.join("|")})`;

const GAS = String.raw`ga+s+`;
const SMELL = String.raw`(?:sme+l+[a-z]*|smel+s?|whiff|stink[a-z]*|reek[a-z]*)`;
const ELECTRIC_THING = any("lights?", "light fittings?", "lamps?", "bulbs?", "sockets?", "plugs?", "switch(?:es)?", "fuse ?box", "fuse board", "consumer unit", "electrics?", "electricity", "wires?", "wiring", "cables?", "meter", "extractor fan", "shower unit", "trip switch");
const VULNERABLE = any(
  "bab(?:y|ies|bys)", "newborn", "new born", "toddlers?", "infant", "(?:day|week|month)s? old", "pregnant", "expecting", "elderly", "older", "old (?:lady|man|fella|woman|couple)",
  "pensioners?", "nans?", "nana", "nanna", "grans?", "granny", "grandma", "grandad", "disabled", "disability", "wheelchair", "bed ?bound", "poorly", "ill", "sick", "unwell",
  "oxygen", "chemo", "cancer", "dementia", "alzheimers", "asthma", "asthmatic", "copd", "heart condition", "terminal(?:ly)?", "frail", "carer", "(?:is|aged|age|shes|hes|hes) [6-9][0-9]", "[6-9][0-9] ?(?:yr|year)s?",
);
const HEATING = any("heat[a-z]*", "boiler", "hot water", "radiators?", "rads", "warm water", "central heating");
const BROKEN = any("no", "not", "nt", "without", "stopped", "broke", "broken", "bust", "gone", "off", "wont", "isnt", "cant", "packed in", "died", "dead", "not working", "dont work", "doesnt work", "knackered", "freezing", "cold");
const NO_HEAT = String.raw`\b${BROKEN}\b.{0,25}\b${HEATING}\b|\b${HEATING}\b.{0,25}\b${BROKEN}\b`;
const PARTNER = any("partner", "husband", "hubby", "boyfriend", "girlfriend", "wife", "ex", "ex partner", "fella", "bloke", "baby ?dad", "babys dad", "kids dad", "kids mum", "other half", "fiance", "fiancee");
const RELATIVE = any("son", "daughter", "step ?son", "step ?daughter", "step ?dad", "step ?mum", "dad", "father", "mum", "mother", "brother", "sister", "uncle", "nephew", "grandson", "granddaughter", "in law", "mother in law", "father in law", "our kid", "my lad", "cousin");
const HARM = any(
  "hit[a-z]*", "beat[a-z]*", "batter[a-z]*", "punch[a-z]*", "kick[a-z]*", "slap[a-z]*", "smack[a-z]*", "shov[a-z]*", "push(?:ed|es|ing)?", "hurt[a-z]*", "strangl[a-z]*", "chok[a-z]*", "throttl[a-z]*",
  "grab(?:bed|s|bing)? (?:me|my|her|him)", "by the (?:throat|neck|hair)", "bruis[a-z]*", "abus[a-z]*", "controll?[a-z]*", "threat[a-z]*", "scared of", "terrified of", "afraid of", "frightened of", "violent",
  "locks? me (?:in|out)", "lock(?:ed)? me (?:in|out)", "wont let me (?:out|leave|go|see|have)", "takes? my (?:money|phone|card|bank card|benefits|keys)", "took my (?:money|phone|card|bank card|benefits|keys)",
  "spat (?:at|on) me", "threw (?:a|the|things|stuff) at me", "knocks? me about", "knocked me about", "lays? hands on",
);
const CHILD = any("child", "children", "kid", "kids", "kiddies", "baby", "babies", "toddler", "little ones?", "little (?:boy|girl|lad)", "boys?", "girls?", "sons?", "daughters?", "[0-9]{1,2} ?(?:yr|year)s? olds?", "young (?:lads|ones|uns|girls|boys)", "school ?kids", "teenagers?");
const DOOR = any("door", "front door", "back door", "window", "windows", "lock", "locks", "patio door", "french doors");

// Patterns run on lower-case words
// without apostrophes or punctuation, before and after spelling correction, so "cant" and "can not" both appear.
const PATTERNS: [DangerKind, RegExp][] = [
  // Not the appliances ("gas fire", "electric fire"), "fire door", a boiler that "won't fire up" or a smoke alarm alone.
  [
    "fire",
    new RegExp(
      String.raw`(?<!\b(?:gas|electric|coal|log|open|fake|cease|bon|camp) )\b(?:fire|fires|flames?|smoke|smokey|smoky|burning down|alight|ablaze)\b(?! (?:door|doors|place|up|escape|exit|alarm|alarms|detector|detectors|blanket|brigade said|extinguisher|safety|check|risk|service|surround|front))` +
        String.raw`|\b(?:on fire|caught fire|set fire|set alight|went up in flames|burning (?:inside|in there|in the))\b`,
    ),
  ],
  [
    "gas",
    new RegExp(
      String.raw`\b${SMELL}\b.{0,30}\b${GAS}\b|\b${GAS}\b.{0,20}\b(?:${SMELL}|lea?k[a-z]*|leek[a-z]*|escap[a-z]*|hiss[a-z]*|pouring|coming out)\b|\b(?:rotten eggs?|smells? like gas|hissing (?:from|near|by) (?:the )?(?:meter|pipe|cooker|hob|boiler))\b`,
    ),
  ],
  [
    "co",
    new RegExp(
      String.raw`\b(?:carbon mono?xi?de?|carbon alarm|co alarm|co detector|co2 alarm|monoxide|co monitor)\b` +
        String.raw`|\b(?:headaches?|dizz[a-z]*|light headed|sick|nause[a-z]*|drows[a-z]*|sleepy|passed out|faint[a-z]*)\b.{0,60}\b(?:boiler|gas fire|cooker|heater|fire is on|flue)\b.{0,40}\b(?:on|running|lit|when)\b` +
        String.raw`|\b(?:yellow|orange|lazy) flames? (?:on|in|from) (?:the )?(?:boiler|hob|cooker|gas fire|fire)\b|\bsoot (?:on|around|round|marks)\b.{0,20}\b(?:boiler|fire|flue)\b`,
    ),
  ],
  [
    "self_harm",
    new RegExp(
      String.raw`\b(?:kill(?:ing)? my ?self|end(?:ing)? (?:my life|it all|things|my own life|it (?:now|tonight|today|soon))|suicid[a-z]*|self harm[a-z]*|(?:harm|hurt|cut|cutting|harming|hurting) my ?self|want(?:ing|ed)? to die|wanna die|wish i (?:was|were) dead|wish i (?:wasnt|was not) (?:here|alive|born)|better off (?:dead|without me|if i wasnt)|take my (?:own )?life|taking my (?:own )?life|cant go on|cannot go on|(?:no|any) (?:point|reason) (?:in )?(?:living|going on|carrying on|being here|anymore|any more|to live|in anything|in life)|nothing (?:left )?to live for|dont want to (?:be here|live|wake up|exist|be alive|carry on|go on)|do not want to (?:be here|live|wake up|exist)|not (?:want|wanna) to (?:be here|live|wake up)|overdos[a-z]*|took (?:all )?(?:my |the )?(?:pills|tablets)|(?:pills|tablets) (?:to end|and end)|jump (?:off|from) (?:the |a )?(?:bridge|balcony|roof|block|top)|give up on (?:life|everything|living)|tired of (?:living|life|being alive)|life (?:is )?not worth|(?:sleep|go to sleep) and not wake up|everyone (?:would be )?better off without me|not be here (?:anymore|any more|much longer)|cant do this anymore|cant take (?:it|this|any ?more) anymore|ready to (?:end it|give up))\b`,
    ),
  ],
  [
    "domestic_abuse",
    new RegExp(
      String.raw`\b(?:domestic (?:abuse|violence)|coercive|\b${PARTNER}\b.{0,40}\b(?:${HARM}|turn(?:s|ing|ed)? up|wont (?:go away|leave|stop)|keeps (?:coming|turning|texting|ringing|calling|following|watching)|stalk[a-z]*)\b|\b${HARM}\b.{0,25}\bby (?:my )?(?:${PARTNER}|${RELATIVE})\b` +
        String.raw`|\bmy (?:${RELATIVE})\b.{0,40}\b(?:${HARM})\b` +
        String.raw`|\b(?:he|she)\b.{0,20}\b(?:hit|punched|strangled|choked|throttled|slapped|kicked|beat|battered|grabbed) me\b` +
        String.raw`|(?:woman|she|her|girl|wife|mum)\b.{0,25}\bscream[a-z]*|smashing (?:things|stuff|the place|everything))\b`,
    ),
  ],
  [
    "child_at_risk",
    new RegExp(
      String.raw`\b(?:${CHILD}\b.{0,40}\b(?:left alone|left on (?:their|his|her) own|on (?:their|his|her) own (?:all|every|at night)|home alone|locked (?:in|out)|neglect[a-z]*|no food|starving|not (?:being )?fed|filthy|being (?:hit|hurt|beaten|abused|smacked|battered)|bruis[a-z]*|screaming for help|pushed|attacked|punched|robbed|mugged|bullied|beaten|threatened|groomed|stabbed|out (?:at|till) all hours|carry(?:ing)? (?:drugs|packages|parcels)|sell(?:ing)? drugs|running drugs|dealing)` +
        String.raw`|(?:hit[a-z]*|beat[a-z]*|smack[a-z]*|hurt[a-z]*|abus[a-z]*|neglect[a-z]*|batter[a-z]*) (?:the|their|her|his|a|them|those) ${CHILD}` +
        String.raw`|expos(?:ed|ing|es) (?:him|her)sel(?:f|ves)|flash(?:ed|ing|es) (?:at )?(?:the )?${CHILD}|(?:showed|showing) (?:his|him) ?(?:self|privates|bits)|naked in front of|county lines|groom(?:ed|ing)|using (?:the |young )?(?:${CHILD}) to (?:sell|carry|run|deal))\b`,
    ),
  ],
  [
    "hate",
    new RegExp(
      String.raw`\b(?:racis[a-z]*|racial[a-z]*|homophob[a-z]*|transphob[a-z]*|islamophob[a-z]*|antisemit[a-z]*|hate crime|hate incident|because (?:i am|im|we are|were|hes|shes|he is|she is) (?:black|gay|muslim|jewish|disabled|trans|asian|polish|foreign|lesbian|romanian|african|a refugee)` +
        String.raw`|because of (?:my|our|his|her|their) (?:religion|colour|race|skin|faith|accent|sexuality|wheelchair|disability|headscarf|hijab|nationality)` +
        String.raw`|(?:pulled|ripped|tore|grabbed|yanked|pull|rip|tear) (?:off )?(?:my|her|our|mums|his)? ?(?:head ?scarf|hijab|scarf|turban|niqab|burka|burqa|veil)` +
        String.raw`|monkey (?:noises|sounds|chants|noise)|go back (?:to|where) (?:your|ur|you) (?:own )?(?:country|came from)|(?:called|calling) (?:me|us|him|her|my \w+) (?:a )?(?:terrorist|bomber|refugee scum|foreign scum)` +
        String.raw`|(?:mock[a-z]*|laugh[a-z]* at|imitat[a-z]*|copying|call[a-z]* names|bully[a-z]*|bullied|taunt[a-z]*)\b.{0,30}\b(?:disabled|autistic|disability|down syndrome|wheelchair|special needs)` +
        String.raw`|(?:disabled|autistic|wheelchair|special needs|down syndrome)\b.{0,40}\b(?:mock[a-z]*|laugh[a-z]* at|taunt[a-z]*|spastic|retard|mong|spaz|names)` +
        String.raw`|swastika[s]?|(?:p ki|paki|n[i1]gg[a-z]*|f[a4]gg?[o0]t|tranny|spastic|retard|wog|chink|pikey|gyppo|coon|kike|dyke|batty boy)s?)\b`,
    ),
  ],
  [
    "violence",
    new RegExp(
      String.raw`\b(?:(?:going|gonna|goin) to (?:kill|stab|shoot|murder|burn|slash) (?:me|us|my|him|her|you)|gonna (?:kill|stab|shoot|murder|slash) (?:me|us|my)|(?:said|says|told me|threatened)(?: that)? (?:he|she|they)(?:ll| will| would|d)? (?:kill|stab|shoot|murder|slash) (?:me|us|my)|(?:kill|stab|shoot|murder) (?:me|us|my)` +
        String.raw`|(?:has|got|with|pulled|waving|holding|carrying|came at me with|pointing) (?:a |his |her |out a )?(?:knife|gun|machete|blade|weapon|axe|hammer|baseball bat|bat|crowbar)|stabbed|stabbing|shot at|been shot|shooting|bleeding (?:everywhere|badly|loads)|blood everywhere|attacking (?:me|him|her|us) (?:now|right now)|beating (?:him|her|someone) up)\b`,
    ),
  ],
  [
    "threat",
    new RegExp(
      String.raw`\b(?:threat(?:en|ened|ening|ens|s)?(?! (?:with|of) (?:eviction|court|bailiffs?|legal))|going to (?:hurt|attack|batter|smash|get|do) (?:me|us|my)|gonna (?:hurt|batter|smash|get|do) (?:me|us|my)|(?:said|says|told me|saying) (?:he|she|they)(?:ll| will| would|d)? (?:hurt|batter|smash|burn|get|sort|do)` +
        String.raw`|attacked me|assault[a-z]*|hit me|punched me|beat me up|smash my face|harass[a-z]*|intimidat[a-z]*|follow(?:ing|ed|s) me|stalk[a-z]*|watch(?:ing|es)? (?:me|my (?:house|flat|window|door|kids)|the (?:house|flat))|sat outside (?:my|the) (?:house|flat)|shout(?:ing|s|ed)? abuse|abuse at me|abusing me` +
        String.raw`|(?:dont|do not|never|no longer) feel safe|not safe (?:here|at home|in my|anymore|any more)|scared (?:to go out|for my life|to leave|to go home|of them|of him|of her)|(?:trying|tried|try) to (?:get|break|force|kick) in` +
        String.raw`|cut (?:me|you|ya|u) up|do (?:me|you|ya|u) in|sort (?:me|you|ya|u) out|watch (?:your|ur|yer) back|(?:youre|your|ur|you are) dead|(?:get|getting|send|sending) (?:people|lads|his mates|some lads|someone) (?:on|round|onto|to sort|to do|after) (?:me|you|u)|know(?:s)? where (?:you|u|i|we) live|brick through` +
        String.raw`|(?:note|letter|knife|bullet|dead (?:rat|bird|animal|cat|pigeon)|razor|faeces|excrement|poo|petrol)\b.{0,30}\b(?:left|put|pushed|posted|shoved|through|on|at|poured)\b.{0,20}\b(?:door|letterbox|step|doorstep|car)` +
        String.raw`|expos(?:ed|ing) (?:him|her)self|flash(?:ed|ing) (?:me|at me))\b`,
    ),
  ],
  [
    "electric_danger",
    new RegExp(
      String.raw`\b(?:spark[a-z]*|exposed (?:wir[a-z]*|cables?)|(?:live|bare|loose|frayed|burnt|burned|melted|melting) (?:wires?|cables?|wiring)|(?:wires?|cables?|wiring) (?:are |is )?(?:hanging|sticking|poking|coming|hang|stick|poke) out|burning smell|smell[a-z]* (?:of )?burn[a-z]*|electric(?:al)? shocks?|got a shock|shocked me|electrocut[a-z]*|zapped me|scorch[a-z]*)\b` +
        String.raw`|\b${ELECTRIC_THING}\b.{0,25}\b(?:melt[a-z]*|burn[a-z]*|smok[a-z]*|bang[a-z]*|buzz[a-z]*|crackl[a-z]*|fizz[a-z]*|black(?:ened)?|hot to (?:the )?touch|scorch[a-z]*|charred)\b`,
    ),
  ],
  [
    "flood",
    new RegExp(
      String.raw`\b(?:flood[a-z]*|burst (?:pipe|main|water)s?|pipes? (?:has |have |is )?(?:burst|split|snapped|come off|came off|blown)|water (?:is |was )?(?:pouring|gushing|pissing|flooding|streaming|cascading|spraying|squirting|spurting|pumping|piss(?:ing)? down)|(?:cant|wont|cannot|can not) (?:stop|turn off) (?:the )?(?:water|leak)|cant find (?:the )?stop ?cock|water everywhere|inch(?:es)? of water|(?:pouring|gushing|streaming|running|coming) (?:down|through|thru|out of|from) (?:the )?(?:ceiling|roof|light|walls?))\b` +
        String.raw`|\bwater\b.{0,50}\b(?:through|thru|into|in|on|onto|near|round|around|from|out of|behind|over|under|down)\b.{0,30}\b${ELECTRIC_THING}\b` +
        String.raw`|\b${ELECTRIC_THING}\b.{0,30}\b(?:wet|water|leak[a-z]*|drip[a-z]*|full of water)\b`,
    ),
  ],
  [
    "structural",
    new RegExp(
      String.raw`\b(?:ceiling|roof|plasterboard)\b.{0,25}\b(?:bulg[a-z]*|sag[a-z]*|bow[a-z]*|dropp[a-z]*|coming down|come down|came down|cav[a-z]*|fall[a-z]* (?:in|down)|fallen|fell (?:in|down)|collaps[a-z]*|cracked open|hanging down|about to (?:go|give|fall|come)|gave way|giving way|give way)\b` +
        String.raw`|\b(?:wall|balcony|stairs|staircase|chimney|floor|floorboards|joists?)\b.{0,20}\b(?:collaps[a-z]*|fall[a-z]* (?:down|in|away|apart|off)|coming (?:down|away)|gave way|giving way|caved in|cav[a-z]* in|moving|leaning)\b`,
    ),
  ],
  [
    "insecure",
    new RegExp(
      String.raw`\b(?:broke[n]? in(?:to)?|break in|breakin|burgl[a-z]*|(?:cant|cannot|can not|unable to|no way to|wont|doesnt|dont) (?:lock|secure) (?:up|it|the (?:house|flat|place|home)|my (?:house|flat|place|home))|lock (?:has )?(?:snapped|broken|broke|bust|jammed|been forced|forced)` +
        String.raw`|kicked (?:the |my )?(?:front |back )?door in|(?:door|lock) (?:was |has been |got )?(?:kicked|forced|booted|jemmied|smashed)(?: in| open| off)?` +
        String.raw`|(?:cant|cannot|wont|doesnt|dont|will not|does not) (?:lock|close|shut|secure) (?:the |my |our )?(?:front|back|main)? ?door|(?:front|back|main) door (?:wont|doesnt|cant|will not|does not) (?:lock|close|shut)|(?:front|back|main) door (?:is )?(?:hanging off|off its hinges|wide open and)` +
        String.raw`|(?:window|door|glass|patio door)s? (?:was |has been |got |have been )?(?:smashed|put through|kicked in|caved in|boarded)|smashed (?:my |the |our )?(?:front |back |kitchen |downstairs )?(?:window|door|glass)|(?:downstairs|ground floor|front room) window (?:wont|doesnt|cant) (?:lock|close|shut))\b`,
    ),
  ],
  [
    "lift_entrapment",
    new RegExp(
      String.raw`\b(?:stuck|trapped|locked|shut) (?:in|inside) (?:the |a |our )?lift|lift\b.{0,30}\b(?:stuck|trapped|stopped|broke down|broken down|wont open)\b.{0,25}\b(?:with|and) (?:me|my|someone|somebody|people|a |the |kids?|him|her|us|an? )|\blift\b.{0,40}\b(?:(?:im|i am|we are|were|hes|shes|he is|she is|they are|someone is|somebody is|kids are|people are) (?:stuck|trapped|inside|in it|in there))` +
        String.raw`|(?:someone|somebody|person|man|woman|kid|child|people|old lady|old man|my \w+) (?:is |are )?(?:stuck|trapped) (?:in|between|inside)\b`,
    ),
  ],
  ["no_heat_vulnerable", new RegExp(String.raw`(?:${NO_HEAT}).{0,90}\b${VULNERABLE}\b|\b${VULNERABLE}\b.{0,90}(?:${NO_HEAT})`)],
  [
    "no_water",
    /(?<!hot )(?<!warm )\b(?:no (?:cold )?(?:running )?water(?! pressure)(?: at all| coming out| in the (?:house|flat|kitchen)| anywhere| from (?:any|the) taps?)?|water (?:has been |is |has )?(?:cut|turned|switched) off|(?:nothing|not a drop|no water) (?:is )?(?:coming|comes) out (?:of )?(?:the |any )?taps?|(?:taps?|none of the taps) (?:are |is )?(?:dry|not working|giving nothing)|not (?:a|one) drop)\b/,
  ],
  [
    "power_loss",
    /\b(?:no (?:power|electric|electricity|lights?|leccy|lecky)(?: at all| anywhere| in the (?:whole )?(?:house|flat|place))|all (?:the |my |our )?(?:power|electric|electricity|lights|leccy) (?:is |are |has |have )?(?:gone|off|out|went)|power cut|(?:lost|lost all|without) (?:the )?(?:power|electric|electricity|leccy)|whole (?:house|flat|place) (?:has |is )?(?:no (?:power|electric)|dark|in the dark|gone dark)|sat in the dark|everything (?:has )?(?:gone|went) off|nothing electric (?:is )?working)\b/,
  ],
  [
    "sewage",
    /\b(?:sewage|sewerage|raw sewage|(?:poo|poop|faeces|human waste|toilet water|shit|waste)\b.{0,20}\b(?:coming up|back(?:ing)? up|overflow[a-z]*|everywhere|on the floor|in the (?:bath|shower|sink|kitchen|garden))|(?:toilet|loo|drains?) (?:is |are )?(?:overflowing|backing up|flooding|coming back up))\b/,
  ],
  [
    "exploitation",
    new RegExp(
      String.raw`\b(?:cuckoo[a-z]*|exploit[a-z]*|taken over (?:his|her|their|the) (?:flat|house|place|home)|(?:dealers|drug dealers|gang|lads|they|people|men)\b.{0,25}\b(?:moved in(?:to)?|taken over|took over|using|staying (?:in|at)|living in|operating from|dealing (?:from|out of))\b.{0,20}\b(?:his|her|their|the (?:old|vulnerable)) (?:flat|house|place|home)` +
        String.raw`|(?:using|taking|takes|took|stealing|spending) (?:his|her|their) (?:money|bank card|benefits|pension|card)|vulnerable (?:man|woman|lad|neighbour|adult|girl|fella)\b.{0,60}\b(?:taken advantage|used|dealers|drugs|money|scared|people in and out))\b`,
    ),
  ],
  [
    "welfare",
    new RegExp(
      String.raw`\b(?:not (?:seen|heard (?:from|anything from)?) (?:him|her|them|my neighbour|the (?:old )?(?:lady|man|fella|woman|neighbour|couple)|anyone|the \w+ next door|[a-z]+)? ?(?:for|in) (?:days|a few days|a couple of days|a week|weeks|ages|[0-9]+ days|two days|three days|four days|five days)` +
        String.raw`|(?:post|mail|letters|milk|papers|parcels) (?:is |are )?(?:piling|piled|stacking|stacked) up|curtains (?:have been |been |are )?(?:shut|closed|drawn) (?:for|all)|no answer (?:at|from) (?:the |her |his )?door` +
        String.raw`|(?:(?:he|she|mum|dad|nan|grandad|my \w+|i|ive|i have|hes|shes) (?:has |had |have )?(?:fallen|fell|had a fall|took a tumble|on the floor))\b.{0,40}\b(?:cant|cannot|wont|unable|alarm|pendant|cord|help|floor|get up|move)` +
        String.raw`|(?:pendant|lifeline|careline|pull ?cord|alarm cord|community alarm|emergency cord|emergency button|care alarm|help button|call button)\b.{0,30}\b(?:not|isnt|doesnt|didnt|wont|broken|dead|nothing|no one|nobody|never|faulty)|cant get (?:up )?(?:off )?the floor|(?:lying|laying) on the floor)\b`,
    ),
  ],
];

const NEGATION = /\b(no|not|nt|never|without|isnt|wasnt|arent|dont|doesnt|didnt|cant|nothing|none)\s+([a-z]+\s+){0,1}$/;

/** True when every place the pattern matches is plainly negated: "no gas smell", "not sparking now". */
function onlyNegated(text: string, pattern: RegExp): boolean {
  const global = new RegExp(pattern.source, "g");
  let found = false;
  for (const match of text.matchAll(global)) {
    found = true;
    const before = text.slice(Math.max(0, match.index - 20), match.index);
    if (!NEGATION.test(before)) return false;
  }
  return found;
}

export function normaliseForSafety(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9' ]+/g, " ").replace(/'/g, "").replace(/\s+/g, " ").trim();
}

/** Kinds the message names only to deny them ("no gas smell", "not sparking"): no classifier may find them either. */
export function deniedDangers(text: string): DangerKind[] {
  const normalised = normaliseForSafety(text);
  return PATTERNS.filter(([kind, pattern]) => !SAFEGUARDING_KINDS.has(kind) && pattern.test(normalised) && onlyNegated(normalised, pattern)).map(
    ([kind]) => kind,
  );
}

/** The kinds the rules find in the words as sent or in the spelling-corrected words. */
export function dangerRulesIn(text: string, corrected: string): Set<DangerKind> {
  return new Set([...detectDanger(text), ...detectDanger(corrected)]);
}

/** Every kind of danger in the message, most severe first; empty when none. */
export function detectDanger(text: string): DangerKind[] {
  const normalised = normaliseForSafety(text);
  return PATTERNS.filter(([kind, pattern]) => {
    if (!pattern.test(normalised)) return false;
    // Negation never hides harm to a person: "no one helped, he hit me" must still count.
    return SAFEGUARDING_KINDS.has(kind) || !onlyNegated(normalised, pattern);
  }).map(([kind]) => kind);
}
