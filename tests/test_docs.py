"""Docs checks: exported names documented and shown on their pages, nbdev's docs processing working for every notebook,
and the local preview (`miniai_preview`: processed notebooks rendered by nbconvert) looked at in headless Chromium."""
import importlib, inspect, json, re, time
from pathlib import Path
from types import SimpleNamespace
import pytest
from fastcore.xtras import working_directory
from miniai.docs import proc_nbs, render_site, dump_dom, page_name, sidebar_pages, write_readme

ROOT = Path(__file__).resolve().parents[1]
NBS = sorted((ROOT/'nbs').glob('*.ipynb'))
LESSONS = ['09_learner', '10_activations', '11_initializing', '12_accel_sgd']

def _default_exp(nb):
    "The module notebook `nb` exports to (its `#| default_exp`), or None."
    for c in json.loads(nb.read_text())['cells']:
        m = re.search(r'^#\|\s*default_exp\s+(\S+)', ''.join(c['source']), re.M) if c['cell_type'] == 'code' else None
        if m: return m[1]

MODULES = {mod: nb for nb in NBS if (mod := _default_exp(nb))}

def _own_api(mod):
    "The functions and classes in module `mod`'s `__all__` that are defined there (not re-exported)."
    m = importlib.import_module(f'miniai.{mod}')
    return {n: o for n in getattr(m, '__all__', []) if (inspect.isfunction(o := getattr(m, n)) or inspect.isclass(o))
            and getattr(o, '__module__', None) == m.__name__}

@pytest.fixture(scope='module')
def site(tmp_path_factory):
    "Every notebook processed by nbdev (once, from scratch) and the preview rendered from them."
    tmp = tmp_path_factory.mktemp('docs')
    t0 = time.perf_counter()
    with working_directory(ROOT): errors = proc_nbs(ROOT/'nbs', tmp/'_proc', force=True)
    t1 = time.perf_counter()
    with working_directory(ROOT): pages = render_site(tmp/'_proc', tmp/'_preview')
    print(f"\ndocs: nbdev processing {t1-t0:.0f}s, rendering {time.perf_counter()-t1:.0f}s")
    return SimpleNamespace(proc=tmp/'_proc', out=tmp/'_preview', errors=errors, pages=pages)

# --- (a) docstrings (tests/test_project.py checks the functions and classes in `__all__`; this adds their methods)
_protocol = re.compile(r'^(before|after|cleanup)_\w+$|^(predict|get_loss|backward|step|zero_grad)$')  # callback events, Learner steps

def _new_methods(cls):
    "The public methods `cls` adds to its bases: not private, not overriding a base's, not a callback event or Learner step."
    return {k: v for k, v in vars(cls).items() if not k.startswith('_') and inspect.isfunction(v)
            and not any(hasattr(b, k) for b in cls.__mro__[1:]) and not _protocol.match(k)}

@pytest.mark.parametrize('mod', sorted(MODULES))
def test_public_methods_documented(mod):
    "The methods an exported class adds (e.g. `Learner.fit`, `ActivationStats.color_dim`) have a docstring."
    missing = [f'{n}.{k}' for n, o in _own_api(mod).items() if inspect.isclass(o)
               for k, v in _new_methods(o).items() if not (v.__doc__ or '').strip()]
    assert not missing, f"miniai.{mod}: no docstring for {missing}"

# --- (b) nbdev's processing, and an API entry for every exported name
@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_proc_nbs(site, nb):
    "nbdev's docs processing (what `nbdev_proc_nbs` runs) succeeds for the notebook."
    assert site.errors[nb.name] is None, f"nbdev_proc_nbs fails on {nb.name}: {site.errors[nb.name]}"

def _shown(proc_nb):
    "The names with a `show_doc` entry on a processed notebook's page (the headings of its show_doc outputs)."
    names = set()
    for c in json.loads(proc_nb.read_text())['cells']:
        for o in c.get('outputs', []):
            md = ''.join(o.get('data', {}).get('text/markdown', ''))
            if md.startswith('---'): names |= set(re.findall(r'^#+ (\S+)', md, re.M))
    return names

@pytest.mark.parametrize('mod', sorted(MODULES))
def test_api_on_page(site, mod):
    "Every function and class in a module's `__all__` has its `show_doc` entry on the page of the notebook that exports it."
    nb = MODULES[mod]
    proc_nb = site.proc/nb.name
    if not proc_nb.exists(): pytest.fail(f"{nb.name} was not processed: {site.errors[nb.name]}")
    shown = _shown(proc_nb)
    missing = sorted(n for n, o in _own_api(mod).items() if n not in shown and o.__qualname__ not in shown)
    assert not missing, f"{nb.name} (miniai.{mod}) has no show_doc entry for {missing}"

def test_sidebar_lists_every_notebook():
    "Every notebook is in nbs/sidebar.yml (the site's sidebar is custom: a notebook missing there has no way in)."
    listed = {nb for _, nb in sidebar_pages(ROOT/'nbs')}
    assert not {p.name for p in NBS} - listed, f"not in nbs/sidebar.yml: {sorted({p.name for p in NBS} - listed)}"

def test_readme_in_sync(tmp_path):
    "README.md is what nbs/index.ipynb says (it is generated: `miniai_preview --readme`)."
    with working_directory(ROOT): fresh = write_readme(ROOT/'nbs'/'index.ipynb', tmp_path/'README.md')
    assert fresh.read_text() == (ROOT/'README.md').read_text(), "README.md is out of date: run `miniai_preview --readme` and commit it"

# --- (c) the preview in a browser
def test_links_land(site):
    "Every link between preview pages goes to a page that exists (doc links to names: to an entry that exists)."
    broken, ids = [], {p.name: set(re.findall(r' id="([^"]+)"', p.read_text())) for p in site.pages}
    for page in site.pages:
        for target, anchor in set(re.findall(r'<a\s[^>]*?href="([\w.-]+\.html)(?:#([^"]*))?"', page.read_text())):
            if target not in ids: broken.append(f"{page.name} -> {target}")
            elif anchor and re.fullmatch(r'[\w]+', anchor) and anchor not in ids[target]: broken.append(f"{page.name} -> {target}#{anchor}")
    assert not broken, f"broken links: {sorted(set(broken))}"

def _check_page(site, nb, plot):
    "Open the preview page of notebook `nb` in Chromium; check its title, sections, sidebar and (if `plot`) a plot; return its DOM."
    page = site.out/page_name(nb)
    assert page.exists(), f"no preview page for {nb} ({site.errors.get(nb)})"
    dom = dump_dom(page)
    title = re.search(r'<h1 class="title">(.*?)</h1>', dom, re.S)
    assert title and title[1].strip(), f"{page.name}: no title"
    assert len(re.findall(r'<h2 id=', dom)) >= 2, f"{page.name}: fewer than two section headings"
    assert '<nav class="sidebar">' in dom and 'class="active"' in dom, f"{page.name}: no sidebar"
    if plot: assert re.search(r'<img [^>]*src="data:image/png;base64,', dom), f"{page.name}: no plot"
    return dom

def test_index_page(site):
    "The home page renders in Chromium with its title, its sections, the tour's metrics table and plot, and links to every lesson."
    dom = _check_page(site, 'index.ipynb', plot=True)
    assert re.search(r'<table.*?<th>loss</th>', dom, re.S), "index.html: no metrics table from the tour"
    for nb in LESSONS: assert f'href="{page_name(nb)}"' in dom, f"index.html: no link to {nb}"

@pytest.mark.parametrize('nb', LESSONS)
def test_lesson_page(site, nb):
    "A lesson page renders in Chromium with its title, sections, API entries (show_doc) and at least one plot."
    dom = _check_page(site, nb + '.ipynb', plot=True)
    entries = [c for c in dom.split('<div class="cell ')[1:] if 'celltag_showdoc' in c.split('>')[0]]
    assert entries, f"{nb}: no API entries (show_doc) on the page"
    bad = [e[:300] for e in entries if not re.search(r'<h3 id="[^"]+".*?<pre', e, re.S)]
    assert not bad, f"{nb}: API entries without a heading and a signature: {bad}"
