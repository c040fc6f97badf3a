from tariffbook.cli import main

main(prog_name="python -m tariffbook")
