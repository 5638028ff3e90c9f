"""Project-level checks: every notebook runs top to bottom, the package is in sync, notebooks are clean and documented."""
import json, shutil, subprocess, sys, importlib, filecmp
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
NBS = sorted(p for p in (ROOT/'nbs').glob('*.ipynb'))
BIN = Path(sys.executable).parent

def run(*cmd, **kw):
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, capture_output=True, text=True, **kw)

@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_notebook_runs(nb):
    "Each notebook runs top to bottom (nbdev_test: all its cells, its asserts)."
    r = run(BIN/'nbdev_test', '--path', nb.relative_to(ROOT), '--do_print')
    assert r.returncode == 0, f"{nb.name} failed:\n{r.stdout[-5000:]}\n{r.stderr[-10000:]}"

def test_export_in_sync(tmp_path):
    "nbdev_export changes nothing: the package is what the notebooks say."
    before = tmp_path/'before'
    shutil.copytree(ROOT/'miniai', before, ignore=shutil.ignore_patterns('__pycache__'))
    r = run(BIN/'nbdev_export')
    assert r.returncode == 0, r.stderr
    cmp = filecmp.dircmp(before, ROOT/'miniai', ignore=['__pycache__'])
    changed = cmp.diff_files + cmp.left_only + [f for f in cmp.right_only if f.endswith('.py')]
    assert not changed, f"nbdev_export changed {changed}: run nbdev_export and commit miniai/"

@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_notebook_clean_with_outputs(nb, tmp_path):
    "Committed clean (nbdev_clean changes nothing), run in order, with outputs and no errors."
    copy = tmp_path/nb.name
    shutil.copy(nb, copy)
    r = run(BIN/'nbdev_clean', '--fname', copy)
    assert r.returncode == 0, r.stderr
    assert copy.read_text() == nb.read_text(), f"{nb.name} is not clean: run nbdev_clean and commit it"
    cells = [c for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'code' and ''.join(c['source']).strip()]
    outs = [o for c in cells for o in c.get('outputs', [])]
    assert outs or not cells, f"{nb.name} has no outputs: commit it executed"
    errs = [o.get('ename') for o in outs if o['output_type'] == 'error']
    assert not errs, f"{nb.name} was committed with errors {errs}"

def _modules():
    return sorted(p.stem for p in (ROOT/'miniai').glob('*.py') if not p.stem.startswith('_'))

@pytest.mark.parametrize('mod', _modules())
def test_exported_names_documented(mod):
    "Every name in a module's `__all__` that is a function or class has a docstring of its own."
    m = importlib.import_module(f'miniai.{mod}')
    missing = []
    for name in getattr(m, '__all__', []):
        obj = getattr(m, name)
        if callable(obj) and getattr(obj, '__module__', None) == m.__name__ and not (obj.__doc__ or '').strip(): missing.append(name)
    assert not missing, f"miniai.{mod}: no docstring for {missing}"
