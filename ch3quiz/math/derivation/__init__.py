"""The model of a derivation, on top of the pipeline (read/ → meaning/ → judge/ → explain/).

``model`` makes the question's spec a derivation's model (what is asked defined as the result, definitions
written in each other's terms so a chain rule through ŷ or A is a real derivative); ``layers`` instantiates
a general layer ``l`` at every layer of the model; ``readings`` gives the other legitimate reading of a line
(∂A/∂Z as the vector σ′(Z)); ``moves`` names what a correct step did.
"""
