from plandesk.cli import main

main()
