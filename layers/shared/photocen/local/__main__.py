from photocen.local.stack import main

main()
