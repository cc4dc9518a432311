try:  # a Ctrl-C while the entry point itself is imported: the same quiet stop as later on
    from ch3quiz.entry import main
except KeyboardInterrupt:
    raise SystemExit(130) from None

raise SystemExit(main())
