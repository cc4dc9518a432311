from ch3quiz.entry import main

raise SystemExit(main())
