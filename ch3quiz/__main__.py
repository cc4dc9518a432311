from ch3quiz.cli import main

raise SystemExit(main())
