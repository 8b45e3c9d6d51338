flame-graph --format=txt -o out.jpg && cat out.jpg && rm out.jpg
