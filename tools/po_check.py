#!/usr/bin/env python3
"""po_check.py: the interface-text catalogs of po/ against the code.

  po_check.py [--root DIR] pot FILE   extract every message into FILE (.pot)
  po_check.py [--root DIR] check      check the catalogs; the last line is
                                      "po check: N passed, N failed"

Messages come from C with xgettext (T(lang, "…"), TN(lang, "…", "…", n),
N_("…") under src/) and from the {{_ … _}} markers of www/templates. The
check runs msgfmt --check on every po/*.po, fails when po/hu.po lacks a
translation (or has only a fuzzy one) of any message, and fails when a
translation in any catalog does not keep its message's {{…}} tags or printf
conversions.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

MARKER = re.compile(r'\{\{_ (.*?) _\}\}')
TAG = re.compile(r'\{\{\{.*?\}\}\}|\{\{.*?\}\}')
CONV = re.compile(r'%(?:(\d+)\$)?[-+ #0\']*(?:\*|\d+)?(?:\.(?:\*|\d+))?'
                  r'(hh|h|ll|l|L|z|j|t)?([diouxXeEfFgGaAcspn%])')
# The language that must be complete.
COMPLETE = 'hu'

passed = 0
failed = 0


def result(ok, name, detail=''):
    global passed, failed
    if ok:
        print('ok - %s' % name)
        passed += 1
    else:
        print('FAIL - %s: %s' % (name, detail))
        failed += 1


def po_quote(s):
    s = s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')
    return '"%s"' % s.replace('\t', '\\t')


def template_messages(root):
    """{msgid: [file:line, ...]} of the markers of www/templates."""
    found = {}
    for path in sorted(glob.glob(os.path.join(root, 'www/templates',
                                              '*.mustache'))):
        rel = os.path.relpath(path, root)
        with open(path, encoding='utf-8') as f:
            for n, line in enumerate(f, 1):
                for m in MARKER.finditer(line):
                    msgid = m.group(1).strip(' \t')
                    if msgid:
                        found.setdefault(msgid, []).append(
                            '%s:%d' % (rel, n))
    return found


def write_pot(root, out):
    """Writes the .pot of C and templates to out; returns an error or
    None."""
    sources = sorted(os.path.relpath(p, root) for p in
                     glob.glob(os.path.join(root, 'src/**/*.[ch]'),
                               recursive=True))
    with tempfile.TemporaryDirectory() as tmp:
        c_pot = os.path.join(tmp, 'c.pot')
        t_pot = os.path.join(tmp, 'templates.pot')
        r = subprocess.run(
            ['xgettext', '--language=C', '--from-code=UTF-8',
             '--keyword=T:2', '--keyword=TN:2,3', '--keyword=N_',
             '--add-comments=TRANSLATORS:', '--package-name=waypoint',
             '--force-po', '-o', c_pot] + sources,
            cwd=root, capture_output=True, text=True)
        if r.returncode != 0:
            return 'xgettext: ' + r.stderr.strip()
        with open(t_pot, 'w', encoding='utf-8') as f:
            f.write('msgid ""\nmsgstr ""\n'
                    '"Content-Type: text/plain; charset=UTF-8\\n"\n\n')
            for msgid, refs in sorted(template_messages(root).items()):
                f.write('#: %s\n#, no-c-format\nmsgid %s\nmsgstr ""\n\n'
                        % (' '.join(refs), po_quote(msgid)))
        r = subprocess.run(['msgcat', '--use-first', '-o', out, c_pot,
                            t_pot], capture_output=True, text=True)
        if r.returncode != 0:
            return 'msgcat: ' + r.stderr.strip()
    return None


def unquote(s, where):
    s = s.strip()
    if len(s) < 2 or s[0] != '"' or s[-1] != '"':
        raise ValueError('%s: expected a quoted string' % where)
    out, i, body = [], 0, s[1:-1]
    while i < len(body):
        c = body[i]
        if c == '\\' and i + 1 < len(body):
            out.append({'n': '\n', 't': '\t', 'r': '\r', '"': '"',
                        '\\': '\\'}.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def read_po(path):
    """The entries of a .po file: dicts with ctxt, id, plural, strs (list),
    fuzzy; obsolete entries left out."""
    entries, cur, field = [], None, None
    fuzzy = False

    def flush():
        nonlocal cur
        if cur is not None:
            entries.append(cur)
        cur = None

    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            where = '%s:%d' % (path, n)
            line = line.rstrip('\n')
            s = line.strip()
            if not s:
                continue
            if s.startswith('#'):
                if cur is not None and cur['strs']:
                    flush()
                if s.startswith('#,') and 'fuzzy' in s:
                    fuzzy = True
                if s.startswith('#~'):
                    fuzzy = False
                continue
            key, _, rest = s.partition(' ')
            if s.startswith('"'):
                if cur is None or field is None:
                    raise ValueError('%s: a string outside an entry' % where)
                if field[0] == 'strs':
                    cur['strs'][field[1]] += unquote(s, where)
                else:
                    cur[field[0]] += unquote(s, where)
            elif key in ('msgctxt', 'msgid'):
                if cur is not None and (cur['strs'] or key == 'msgctxt'
                                        or cur['id'] is not None):
                    flush()
                if cur is None:
                    cur = {'ctxt': None, 'id': None, 'plural': None,
                           'strs': [], 'fuzzy': fuzzy}
                    fuzzy = False
                cur['ctxt' if key == 'msgctxt' else 'id'] = unquote(rest,
                                                                    where)
                field = ('ctxt' if key == 'msgctxt' else 'id', None)
            elif key == 'msgid_plural':
                cur['plural'] = unquote(rest, where)
                field = ('plural', None)
            elif key == 'msgstr' or key.startswith('msgstr['):
                cur['strs'].append(unquote(rest, where))
                field = ('strs', len(cur['strs']) - 1)
            else:
                raise ValueError('%s: unexpected text' % where)
    flush()
    return entries


def conversions(s):
    """The printf conversions of s: in order, or sorted when numbered."""
    found = [(m.group(1), (m.group(2) or '') + m.group(3))
             for m in CONV.finditer(s) if m.group(3) != '%']
    if any(num for num, _ in found):
        return sorted(found)
    return [conv for _, conv in found]


def check_entry(lang, e, c_format):
    """Checks that each translation of e keeps its tags and
    conversions."""
    want_tags = sorted(TAG.findall(e['id']))
    for i, s in enumerate(e['strs']):
        if not s:
            continue
        src = e['id'] if i == 0 or e['plural'] is None else e['plural']
        name = '%s.po: "%s"' % (lang, e['id'][:50])
        if sorted(TAG.findall(s)) != want_tags:
            result(False, name + ' keeps its {{…}} tags',
                   '%s became %s' % (want_tags, sorted(TAG.findall(s))))
            return
        # A plural form for one may leave the count out ("egy …").
        if c_format and conversions(s) != conversions(src) and not (
                e['plural'] is not None and
                conversions(s) == conversions(src)[1:]):
            result(False, name + ' keeps its printf conversions',
                   '%s became %s' % (conversions(src), conversions(s)))
            return


def check(root):
    for tool in ('msgfmt', 'xgettext', 'msgcat'):
        result(shutil.which(tool) is not None, '%s is installed' % tool,
               'missing (make test-deps installs gettext)')
    if failed:
        return
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'waypoint.pot')
        err = write_pot(root, pot)
        result(err is None, 'messages extracted from src/ and templates',
               err or '')
        if err:
            return
        messages = [e for e in read_po(pot) if e['id']]
        c_format = {e['id'] for e in messages}
        templates = template_messages(root)
        c_format -= set(templates)
    print('# %d messages' % len(messages))
    pos = sorted(glob.glob(os.path.join(root, 'po', '*.po')))
    langs = [os.path.basename(p)[:-3] for p in pos]
    result(COMPLETE in langs, 'po/%s.po exists' % COMPLETE, 'missing')
    for path, lang in zip(pos, langs):
        r = subprocess.run(['msgfmt', '--check', '-o', os.devnull, path],
                           capture_output=True, text=True)
        result(r.returncode == 0, 'msgfmt --check po/%s.po' % lang,
               r.stderr.strip())
        try:
            entries = read_po(path)
        except (ValueError, UnicodeDecodeError) as e:
            result(False, 'po/%s.po reads' % lang, str(e))
            continue
        header = next((e['strs'][0] for e in entries if e['id'] == ''
                       and e['strs']), '')
        for field in ('Language: %s\n' % lang,
                      'charset=UTF-8', 'Plural-Forms: nplurals='):
            result(field in header, 'po/%s.po header has %s'
                   % (lang, field.strip()), 'not in its header')
        done = {e['id']: e for e in entries if e['id'] and not e['fuzzy']
                and e['strs'] and all(e['strs'])}
        before = failed
        for e in entries:
            if e['id'] in done:
                check_entry(lang, e, e['id'] in c_format)
        result(failed == before, 'po/%s.po keeps tags and conversions'
               % lang, 'see above')
        missing = [m['id'] for m in messages if m['id'] not in done]
        if lang == COMPLETE:
            for msgid in missing:
                result(False, 'po/%s.po translates "%s"' % (lang, msgid),
                       'no translation, or only a fuzzy one')
            result(not missing, 'po/%s.po translates all %d messages'
                   % (lang, len(messages)), '%d missing' % len(missing))
        else:
            print('# po/%s.po: %d of %d messages translated'
                  % (lang, len(messages) - len(missing), len(messages)))


def main(argv):
    root = '.'
    if len(argv) > 2 and argv[1] == '--root':
        root = argv[2]
        argv = argv[:1] + argv[3:]
    if len(argv) == 3 and argv[1] == 'pot':
        err = write_pot(root, os.path.abspath(argv[2]))
        if err:
            print(err, file=sys.stderr)
            return 1
        return 0
    if len(argv) != 2 or argv[1] != 'check':
        print(__doc__, file=sys.stderr)
        return 2
    check(root)
    print('po check: %d passed, %d failed' % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
