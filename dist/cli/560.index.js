export const id = 560;
export const ids = [560];
export const modules = {

/***/ 6560:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   planChange: () => (/* binding */ planChange),
/* harmony export */   planChangeJson: () => (/* binding */ planChangeJson),
/* harmony export */   planChangeMarkdown: () => (/* binding */ planChangeMarkdown),
/* harmony export */   planChangeText: () => (/* binding */ planChangeText)
/* harmony export */ });
/* unused harmony exports duration, PLAIN, MARKDOWN */
/* harmony import */ var _common_markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3932);
/**
 * A rollout plan's change as the pull-request review shows it: who gets which version when. Each ring
 * gets a new version at the earliest the sum of the bakes of the rings before it after publishing (one
 * ring moves per run, once the ring before it succeeded and baked); the document's default, with
 * defaultVersion "last", after the last ring's bake. The change is said as its consequences ("ring fleet
 * would move 24 h after ring canary instead of 3 days", "the default would no longer move") and as the
 * head's timeline with what changed struck through. Every string from the plan files is hostile: the
 * Markdown escapes it (common/markdown.ts); the log's text is plain. Pure.
 */

const esc = (text) => (0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .markdownText */ .p)(text, '<br>');
/** A duration in words: "at once", "30 min", "24 h", "3 days". */
function duration(ms) {
    if (!ms)
        return 'at once';
    const h = ms / 3_600_000;
    return h >= 48 && h % 24 === 0 ? `${h / 24} days` : h >= 1 ? `${+h.toFixed(1)} h` : `${ms / 60_000} min`;
}
const afterPublishing = (ms) => (ms ? `${duration(ms)} after publishing` : 'at once on publishing');
function whoOf(r) {
    return [
        ...r.targets.map((t) => `${t.Key}=${t.Values.join(',')}`),
        ...r.accounts.map((a) => `account ${a}`),
        ...r.ous.map((o) => `OU ${o}`),
    ];
}
function placed(plan) {
    const out = new Map();
    let at = 0;
    plan?.rings.forEach((ring, index) => {
        out.set(ring.name, {
            ring,
            index,
            at,
            who: whoOf(ring),
            ...(index ? { prev: plan.rings[index - 1] } : {}),
        });
        at += ring.bakeMs;
    });
    return out;
}
/** When the document's default moves: ms after publishing, or undefined (never; no plan: on publishing). */
function defaultAt(plan) {
    if (!plan)
        return 0;
    if (plan.defaultVersion === 'never' || !plan.rings.some((r) => r.action === 'Install'))
        return undefined;
    return plan.rings.reduce((n, r) => n + r.bakeMs, 0);
}
const PLAIN = { v: (s) => s, b: (s) => s };
const MARKDOWN = { v: esc, b: (s) => `**${esc(s)}**` };
const list = (f, items) => items.map((x) => f.v(x)).join(', ');
const ringName = (f, name) => `ring ${f.v(name)}`;
const Ring_ = (f, name) => `Ring ${f.v(name)}`;
function ringAdded(p, count) {
    const r = p.ring;
    return {
        ring: r.name,
        risk: r.action === 'Uninstall',
        say: (f) => `${Ring_(f, r.name)} is new (${p.index + 1} of ${count}): ${list(f, p.who)} would ${r.action === 'Uninstall' ? f.b('have the agent removed') : 'get each new version'} ${f.b(p.index ? `${duration(p.at)} after publishing` : 'at once on publishing')}${p.prev ? ` (after ${ringName(f, p.prev.name)} baked)` : ''}, ${f.v(r.maxConcurrency)} at a time, stopping after ${f.v(r.maxErrors)} failed${r.alarms.length ? ` or when ${list(f, r.alarms)} is in ALARM` : ''}.`,
    };
}
function ringRemoved(p) {
    return {
        ring: p.ring.name,
        risk: true,
        say: (f) => `${Ring_(f, p.ring.name)} is removed: its association stays, pinned to the version it runs, and ${f.b('no run moves it any more')}; ${list(f, p.who)} keep${p.who.length > 1 ? '' : 's'} that version (delete the association once another ring covers them).`,
    };
}
/**
 * A ring's own bake, when no other line carries it: the ring after it is not the same on both sides
 * (its timing says "after ring X" already when it is), or nothing after it waits on the bake.
 */
function bakeChanged(a, b, base, head) {
    if (a.ring.bakeMs === b.ring.bakeMs)
        return undefined;
    const nextA = base?.rings[a.index + 1]?.name;
    const nextB = head?.rings[b.index + 1]?.name;
    if (nextB !== undefined && nextA === nextB)
        return undefined;
    const last = nextB === undefined;
    if (last && defaultAt(head) !== undefined && defaultAt(base) !== undefined)
        return undefined;
    const name = b.ring.name;
    return {
        ring: name,
        risk: b.ring.bakeMs < a.ring.bakeMs,
        say: (f) => `${Ring_(f, name)} would bake ${f.b(duration(b.ring.bakeMs))} instead of ${duration(a.ring.bakeMs)}${last ? ' (nothing waits on it: it is the last ring and the default does not move)' : ` before ${ringName(f, nextB)} moves`}.`,
    };
}
/** When a ring moves, before and after. */
function timing(a, b) {
    const name = b.ring.name;
    const sameAt = a.at === b.at;
    const samePrev = a.prev?.name === b.prev?.name;
    if (sameAt && samePrev)
        return undefined;
    if (samePrev && b.prev && a.prev) {
        // Only the bake of the ring before it (or of one further up) changed.
        const gap = (p) => p.prev.bakeMs;
        return {
            ring: name,
            risk: b.at < a.at,
            say: (f) => gap(a) !== gap(b)
                ? `${Ring_(f, name)} would move ${f.b(duration(gap(b)))} after ${ringName(f, b.prev.name)} instead of ${duration(gap(a))}${a.at - gap(a) !== b.at - gap(b) ? ` (${afterPublishing(b.at)} instead of ${duration(a.at)})` : ''}.`
                : `${Ring_(f, name)} would move ${f.b(afterPublishing(b.at))} instead of ${afterPublishing(a.at)} (a ring before it bakes ${b.at < a.at ? 'less' : 'longer'}).`,
        };
    }
    const where = (f, p) => p.prev ? `after ${ringName(f, p.prev.name)}, ${afterPublishing(p.at)}` : 'first, at once on publishing';
    return {
        ring: name,
        risk: b.at < a.at,
        say: (f) => sameAt && a.prev && b.prev
            ? `${Ring_(f, name)} would move ${f.b(`after ${ringName(f, b.prev.name)}`)} instead of after ${ringName(f, a.prev.name)} (still ${afterPublishing(b.at)}).`
            : `${Ring_(f, name)} would move ${f.b(where(f, b))} instead of ${where(f, a)}.`,
    };
}
function whoChanged(a, b, head) {
    const name = b.ring.name;
    const out = [];
    const gained = b.who.filter((w) => !a.who.includes(w));
    const lost = a.who.filter((w) => !b.who.includes(w));
    if (gained.length)
        out.push({
            ring: name,
            risk: false,
            say: (f) => `${Ring_(f, name)} now also reaches ${f.b(gained.join(', '))}: they get new versions ${afterPublishing(b.at)}.`,
        });
    for (const w of lost) {
        const moved = [...head.values()].find((p) => p.ring.name !== name && p.who.includes(w));
        out.push(moved
            ? {
                ring: name,
                risk: moved.at < a.at,
                say: (f) => `${f.v(w)} moves from ${ringName(f, name)} to ${ringName(f, moved.ring.name)}: new versions reach it ${moved.at === a.at ? `${f.b(afterPublishing(moved.at))}, as before` : `${f.b(afterPublishing(moved.at))} instead of ${afterPublishing(a.at)}`}.`,
            }
            : {
                ring: name,
                risk: true,
                say: (f) => `${Ring_(f, name)} no longer reaches ${f.b(w)}: those instances keep the version they have, and no ring moves them any more.`,
            });
    }
    return out;
}
function settingsChanged(a, b) {
    const name = b.name;
    const out = [];
    const add = (risk, say) => out.push({ ring: name, risk, say });
    if (a.action !== b.action)
        add(b.action === 'Uninstall', (f) => b.action === 'Uninstall'
            ? `${Ring_(f, name)} would ${f.b('remove the agent')} from its instances at its turn, instead of installing it.`
            : `${Ring_(f, name)} would ${f.b('install the agent')} again at its turn, instead of removing it.`);
    if (a.maxConcurrency !== b.maxConcurrency)
        add(false, (f) => `${Ring_(f, name)} would install on ${f.b(b.maxConcurrency)} at a time instead of ${f.v(a.maxConcurrency)}.`);
    if (a.maxErrors !== b.maxErrors)
        add(a.maxErrors === '0' || loosens(a.maxErrors, b.maxErrors), (f) => `${Ring_(f, name)} would stop (and hold every ring after it) after ${f.b(`${b.maxErrors} failed`)} instead of ${f.v(a.maxErrors)}.`);
    const alarmsOn = b.alarms.filter((x) => !a.alarms.includes(x));
    const alarmsOff = a.alarms.filter((x) => !b.alarms.includes(x));
    if (alarmsOn.length)
        add(false, (f) => `${Ring_(f, name)} would also stop when ${f.b(alarmsOn.join(', '))} ${alarmsOn.length > 1 ? 'are' : 'is'} in ALARM.`);
    if (alarmsOff.length)
        add(true, (f) => `${Ring_(f, name)} would ${f.b('no longer stop')} on alarm ${list(f, alarmsOff)}${b.alarms.length ? '' : ' (no alarm stops it any more)'}.`);
    if (a.complianceSeverity !== b.complianceSeverity)
        add(false, (f) => `${Ring_(f, name)}'s compliance severity would be ${f.b(b.complianceSeverity)} instead of ${f.v(a.complianceSeverity)}.`);
    return out;
}
/** Whether a maxErrors lets more fail (same unit only: a count against a percentage depends on the fleet). */
function loosens(before, after) {
    const pct = (s) => s.endsWith('%');
    return pct(before) === pct(after) && parseFloat(after) > parseFloat(before);
}
function defaultChanged(base, head) {
    const a = defaultAt(base);
    const b = defaultAt(head);
    if (a === b)
        return undefined;
    const when = (ms, plan) => ms === undefined
        ? 'never'
        : !plan
            ? 'on publishing (set-default-version)'
            : `after the last ring, ${afterPublishing(ms)}`;
    return {
        risk: b === undefined || (a !== undefined && b < a),
        say: (f) => b === undefined
            ? `The document's default version would ${f.b('no longer move')} (it stays where it is; instances the rings do not reach keep it) instead of moving ${when(a, base)}.`
            : `The document's default version would move ${f.b(when(b, head))} instead of ${when(a, base)}.`,
    };
}
/** The organization object, key by key (its values as JSON). */
function organizationChanged(base, head) {
    const obj = (p) => p?.organization && typeof p.organization === 'object' && !Array.isArray(p.organization)
        ? p.organization
        : undefined;
    const a = obj(base);
    const b = obj(head);
    if (!a && !b)
        return [];
    if (!a || !b)
        return [
            {
                risk: !b,
                say: (f) => b
                    ? `The plan now reaches ${f.b('the AWS Organization')} (its organization object: ${list(f, Object.keys(b))}).`
                    : `The plan ${f.b('no longer reaches the AWS Organization')} (its organization object is removed): member accounts keep what they have.`,
            },
        ];
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys
        .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
        .map((k) => ({
        risk: false,
        say: (f) => `organization.${f.v(k)}: ${a[k] === undefined ? '(not set)' : f.v(JSON.stringify(a[k]))} → ${b[k] === undefined ? f.b('(not set)') : f.b(JSON.stringify(b[k]))}.`,
    }));
}
/** What changes between the base branch's plan and the head's (either may be missing). */
function planChange(base, head) {
    const before = placed(base);
    const after = placed(head);
    const out = [];
    const order = (m, other) => [...m.keys()].filter((k) => other.has(k));
    const kept = order(before, after);
    if (kept.join('\n') !== order(after, before).join('\n'))
        out.push({
            risk: false,
            say: (f) => `The rings move in a new order: ${f.b(order(after, before).join(' → '))} instead of ${list(f, kept).replace(/, /g, ' → ')}.`,
        });
    for (const b of after.values()) {
        const a = before.get(b.ring.name);
        if (!a) {
            out.push(ringAdded(b, after.size));
            continue;
        }
        const bake = bakeChanged(a, b, base, head);
        if (bake)
            out.push(bake);
        const t = timing(a, b);
        if (t)
            out.push(t);
        out.push(...whoChanged(a, b, after), ...settingsChanged(a.ring, b.ring));
    }
    for (const a of before.values())
        if (!after.has(a.ring.name))
            out.push(ringRemoved(a));
    const dv = defaultChanged(base, head);
    if (dv)
        out.push(dv);
    out.push(...organizationChanged(base, head));
    const kind = !base ? 'added' : !head ? 'removed' : out.length ? 'changed' : 'unchanged';
    return { kind, consequences: out, ...(base ? { base } : {}), ...(head ? { head } : {}) };
}
const struck = (a, b) => (a === b ? esc(b) : `~~${esc(a)}~~ → **${esc(b)}**`);
/** A list, item by item: kept as it is, removed struck through, added in bold. */
function items(a, b, sep) {
    if (!a)
        return b.map(esc).join(sep);
    return [
        ...b.map((x) => (a.includes(x) ? esc(x) : `**${esc(x)}**`)),
        ...a.filter((x) => !b.includes(x)).map((x) => `~~${esc(x)}~~`),
    ].join(sep);
}
/** Rate and stop, part by part: at a time, stops after, alarms. */
function rate(a, b) {
    const part = (x, y) => (x === undefined ? esc(y) : struck(x, y));
    const alarms = b.alarms.length || a?.alarms.length ? `; alarms ${items(a?.alarms, b.alarms, ', ')}` : '';
    return `${part(a?.maxConcurrency, b.maxConcurrency)} at a time, stops after ${part(a?.maxErrors, b.maxErrors)} failed${alarms}`;
}
/** The head's timeline: every ring, what changed struck through; removed rings at the end. */
function timeline(c) {
    const before = placed(c.base);
    const after = placed(c.head);
    const gets = (p) => p.ring.action === 'Uninstall' ? `agent removed, ${afterPublishing(p.at)}` : afterPublishing(p.at);
    const rows = [...after.values()].map((b) => {
        const a = before.get(b.ring.name);
        const name = a ? esc(b.ring.name) : `**${esc(b.ring.name)}** (new)`;
        const when = a ? struck(gets(a), gets(b)) : esc(gets(b));
        const bake = a ? struck(duration(a.ring.bakeMs), duration(b.ring.bakeMs)) : esc(duration(b.ring.bakeMs));
        return `| ${b.index + 1} | ${name} | ${items(a?.who, b.who, '; ')} | ${when} | ${bake.replace('at once', '—')} | ${rate(a?.ring, b.ring)} |`;
    });
    for (const a of before.values())
        if (!after.has(a.ring.name))
            rows.push(`| – | ~~${esc(a.ring.name)}~~ (removed) | ~~${esc(a.who.join('; '))}~~ | no longer moved (its association stays) | | |`);
    if (!rows.length)
        return [];
    const dv = (p) => {
        const ms = defaultAt(p);
        return ms === undefined ? 'never moves' : !p ? 'moves on publishing' : `moves ${afterPublishing(ms)}`;
    };
    return [
        '| # | Ring | Who | Gets a new version | Bake | Rate and stop |',
        '| --- | --- | --- | --- | --- | --- |',
        ...rows,
        '',
        `The document's default version: ${struck(dv(c.base), dv(c.head))}.`,
    ];
}
/**
 * The review's section: the change's consequences (risky ones marked ⚠️), then the head's timeline.
 * `baseLabel` names the base plan (or says there is none); `headLabel` the head's.
 */
function planChangeMarkdown(c, baseLabel, headLabel) {
    const lines = [];
    if (c.kind === 'unchanged')
        return `The rollout plan ${esc(headLabel)} does not change against ${esc(baseLabel)}: every ring gets new versions as before.`;
    lines.push(c.kind === 'added'
        ? `The rollout plan ${esc(headLabel)} is **new** (against ${esc(baseLabel)}): from the next publish, new versions move ring by ring.`
        : c.kind === 'removed'
            ? `The rollout plan ${esc(baseLabel)} is **removed** on this branch: no ring moves any more.`
            : `The rollout plan ${esc(headLabel)} against ${esc(baseLabel)}: ${c.consequences.length} change${c.consequences.length === 1 ? '' : 's'}.`, '');
    for (const x of c.consequences)
        lines.push(`- ${x.risk ? '⚠️ ' : ''}${x.say(MARKDOWN)}`);
    lines.push('');
    lines.push(...timeline(c));
    return lines.join('\n').trimEnd();
}
/** The same for the log: one plain line per consequence. */
function planChangeText(c) {
    return c.consequences.map((x) => `${x.risk ? '(!) ' : ''}${x.say(PLAIN)}`);
}
/** For report.json. */
function planChangeJson(c, baseLabel, headLabel) {
    return {
        base: baseLabel,
        head: headLabel,
        kind: c.kind,
        changes: c.consequences.map((x) => ({
            ...(x.ring ? { ring: x.ring } : {}),
            risk: x.risk,
            text: x.say(PLAIN),
        })),
    };
}


/***/ })

};
