from ivi.cli import main

main()
