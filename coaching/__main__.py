from coaching.cli import main

raise SystemExit(main())
