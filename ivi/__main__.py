from ivi.cli.main import main

main()
