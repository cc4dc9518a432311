"""Stage 4, explaining: a wrong answer -> what was probably wrong, in English and Chinese.

Takes a judged answer with its spec and comparator and gives feedback (`feedback.diagnose`: a sign, a
missing factor, a transposed matrix ...), and turns any English message of the checker into Chinese
(`messages_zh.to_chinese`). Imports the stages below it; nothing imports it except the top layer.
"""
