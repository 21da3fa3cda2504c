"""Process the notebooks for the docs into _proc/ as `nbdev-proc-nbs` does, without asking for Quarto."""
import os
from nbdev.config import get_config
from nbdev.quarto import refresh_quarto_yml
from nbdev.doclinks import _build_modidx
from nbdev.serve import proc_nbs

if __name__ == '__main__':  # proc_nbs spawns workers, which re-import this file
    os.chdir(get_config().config_path)
    refresh_quarto_yml()   # writes nbs/nbdev.yml from pyproject.toml; our own _quarto.yml is kept
    _build_modidx()
    proc_nbs(n_workers=2, force=True)
