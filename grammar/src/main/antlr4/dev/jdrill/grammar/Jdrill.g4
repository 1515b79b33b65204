/*
 * The jdrill script language: packetdrill's (lexer.l / parser.y, TCP/UDP/ICMP part) plus jdrill's shorthand
 * segments ("seq N len L", omitted seq/ack/win) and "state" assertions. No embedded actions: AstBuilder turns
 * the tree into the AST and does the semantic checks packetdrill does while parsing.
 *
 * Keywords are tokens (as in packetdrill's lexer) but the `identifier` rule accepts them wherever a plain word
 * is allowed (system call names, struct fields, errno notes), so `seq`, `ack`, `fd`... never break a script.
 */
grammar Jdrill;

// ---------------------------------------------------------------- script structure

script
    // packetdrill takes one untimed init command; more are collected so AstBuilder can say so at the second.
    : optionLine* initCommands+=command* event* cleanupCommand=command? EOF
    ;

/** Entry point of the REPL: one event whose time may be omitted. */
singleEvent
    : eventTime? action EOF
    ;

optionLine
    : OPTION ('=' optionValue)?
    ;

optionValue
    : optionAtom ('=' optionAtom)?
    ;

optionAtom
    : INTEGER | HEX_INTEGER | FLOAT | identifier | STRING | BACK_QUOTED | IPV4_ADDR | IPV6_ADDR
    ;

command
    : BACK_QUOTED
    ;

event
    : eventTime action
    ;

eventTime
    : '+' start=time '~' '+' end=time     # relativeRangeTime
    | start=time '~' end=time             # absoluteRangeTime
    | '+' time                            # relativeTime
    | time                                # absoluteTime
    | '*'                                 # anyTime
    ;

time
    : INTEGER | FLOAT
    ;

action
    : packetSpec
    | stateAssertion
    | syscallSpec
    | BACK_QUOTED
    | CODE
    ;

// ---------------------------------------------------------------- packets

packetSpec
    : direction encapsulation* ipInfo? packetBody
    ;

direction
    : '<' | '>'
    ;

/**
 * The echoed packet of an ICMP message goes last ("icmp unreachable [1:1001(1000)]"); packetdrill before 2018
 * (and the suites written for it) put it first: "&lt; [1:1001(1000)] icmp unreachable frag_needed mtu 1200".
 */
packetBody
    : UDP portInfo? '(' length=number ')'                                          # udpBody
    | before=icmpEchoed? ICMP icmpType=WORD icmpCode=WORD? (MTU mtu=number)? (ID echoId=number)? after=icmpEchoed?  # icmpBody
    | pspEncap? portInfo? tcpFlags seqSpec? (ACK ack=number)? (WIN win=number)? (URG urg=number)? tcpOptions?  # tcpBody
    ;

encapsulation
    : IPV4 ipInfo? src=IPV4_ADDR '>' dst=IPV4_ADDR ':'      # ipv4Encapsulation
    | IPV6 ipInfo? src=IPV6_ADDR '>' dst=IPV6_ADDR ':'      # ipv6Encapsulation
    | GRE ','? greHeader? ':'                               # greEncapsulation
    | MPLS mplsEntry* ':'                                   # mplsEncapsulation
    ;

ipInfo
    : '(' ipInfoItem (',' ipInfoItem)* ')'
    | '[' ipInfoItem (',' ipInfoItem)* ']'
    ;

ipInfoItem
    : (NO_ECN | ECT0 | ECT1 | CE | ECT01)     # ecnItem
    | TOS number                              # tosItem
    | FLOWLABEL number                        # flowLabelItem
    | TTL number                              # ttlItem
    ;

pspEncap
    : ENCAP PSP SPI number
    ;

portInfo
    : src=INTEGER '>' dst=INTEGER
    ;

/** "S", "S.", ".", "-", "P.", "SEW", and AccECN's ACE suffix: ".2", "S.1" (a FLOAT token, as in packetdrill). */
tcpFlags
    : WORD '.'?
    | WORD? FLOAT
    | '.'
    | '-'
    ;

seqSpec
    : start=number ':' end=number '(' length=number ')'      # fullSeq
    | SEQ start=number (LEN length=number)?                  # shortSeq
    ;

tcpOptions
    : '<' ELLIPSIS '>'                          # anyTcpOptions
    | '<' tcpOption (',' tcpOption)* '>'        # tcpOptionList
    ;

tcpOption
    : NOP                                                           # nopOption
    | EOL                                                           # eolOption
    | MSS number                                                    # mssOption
    | WSCALE number                                                 # wscaleOption
    | SACKOK                                                        # sackOkOption
    | SACK sackBlock+                                               # sackOption
    | MD5 hexBlob                                                   # md5Option
    | TIMESTAMP VAL val=number ECR ecr=number                       # timestampOption
    | FAST_OPEN hexBlob?                                            # fastOpenOption
    | FAST_OPEN_EXP hexBlob?                                        # fastOpenExpOption
    | ACCECN accEcnField+                                           # accEcnOption
    | WORD optionArgument*                                          # unknownOption
    ;

optionArgument
    : INTEGER | HEX_INTEGER | FLOAT | ':' | identifier
    ;

sackBlock
    : left=number ':' right=number
    ;

accEcnField
    : (ACCECN_E0B | ACCECN_CEB | ACCECN_E1B) number
    ;

hexBlob
    : WORD | INTEGER
    ;

icmpEchoed
    : '[' UDP '(' number ')' ']'          # echoedUdp
    | '[' RAW '(' number ')' ']'          # echoedRaw
    | '[' seqSpec ']'                     # echoedTcp
    ;

greHeader
    : FLAGS greFlags ','? SUM sum=number ','? OFF off=number ','? KEY '='? key=number ','? SEQ seq=number
    ;

greFlags
    : '[' greFlag (',' greFlag)* ']'
    | number
    ;

greFlag
    : NONE
    | CHECKSUM PRESENT
    | KEY PRESENT
    | SEQUENCE PRESENT
    ;

mplsEntry
    : '(' LABEL label=number ',' TC tc=number ',' ('[' bottom=WORD ']' ',')? TTL ttl=number ')'
    ;

/** A number, or a word that should have been replaced by a -D definition (AstBuilder reports it). */
number
    : INTEGER | HEX_INTEGER | WORD
    ;

// ---------------------------------------------------------------- state assertions (jdrill)

stateAssertion
    : STATE ('(' fd=INTEGER ')')? stateName=identifier
    ;

// ---------------------------------------------------------------- system calls

syscallSpec
    : (ELLIPSIS end=time)? name=identifier '(' expressionList? ')' '=' result=expression (errnoName=identifier note | note)?
    ;

note
    : '(' noteWord* ')'
    ;

noteWord
    : ~(')' | '(')
    ;

expressionList
    : expression (',' expression)*
    ;

expression
    : primary ('|' primary)*
    ;

primary
    : ELLIPSIS                                                       # ellipsisExpr
    | INTEGER                                                        # integerExpr
    | HEX_INTEGER                                                    # hexExpr
    | STRING+ ELLIPSIS                                               # stringPrefixExpr
    | STRING+                                                        # stringExpr
    | '[' expressionList? ']'                                        # arrayExpr
    | '{' greHeader '}'                                              # greHeaderExpr
    | '{' mplsEntry+ '}'                                             # mplsStackExpr
    | '{' expressionList? '}'                                        # structExpr
    | identifier '(' expressionList? ')' '=' expression              # callAssignmentExpr
    | identifier '(' expressionList? ')'                             # callExpr
    | identifier '=' expression                                      # assignmentExpr
    | identifier                                                     # wordExpr
    ;

identifier
    : WORD
    | IPV4 | IPV6 | ICMP | UDP | GRE | RAW | SUM | OFF | KEY | SEQ | NONE | CHECKSUM | PRESENT | ENCAP | PSP | SPI
    | MPLS | LABEL | TC | TTL | ACK | EOL | ECR | MSS | MTU | NOP | SACK | SACKOK | MD5 | TIMESTAMP | FAST_OPEN
    | FAST_OPEN_EXP | ACCECN | ACCECN_E0B | ACCECN_E1B | ACCECN_CEB | TOS | FLOWLABEL | FLAGS | VAL | WIN | URG
    | WSCALE | ECT01 | ECT0 | ECT1 | NO_ECN | CE | ID | STATE | LEN
    ;

// ================================================================ lexer

IPV4        : 'ipv4';
IPV6        : 'ipv6';
ICMP        : 'icmp';
UDP         : 'udp';
GRE         : 'GREv0' | 'gre';
RAW         : 'raw';
SUM         : 'sum';
OFF         : 'off';
KEY         : 'key';
SEQ         : 'seq';
NONE        : 'none';
CHECKSUM    : 'checksum';
SEQUENCE    : 'sequence#';
PRESENT     : 'present';
ENCAP       : 'encap';
PSP         : 'psp';
SPI         : 'spi';
MPLS        : 'mpls';
LABEL       : 'label';
TC          : 'tc';
TTL         : 'ttl';
ACK         : 'ack';
EOL         : 'eol';
ECR         : 'ecr';
MSS         : 'mss';
MTU         : 'mtu';
NOP         : 'nop';
SACK        : 'sack';
SACKOK      : 'sackOK';
MD5         : 'md5';
TIMESTAMP   : 'TS';
FAST_OPEN   : 'FO';
FAST_OPEN_EXP : 'FOEXP';
ACCECN      : 'ECN';
ACCECN_E0B  : 'e0b';
ACCECN_E1B  : 'e1b';
ACCECN_CEB  : 'ceb';
TOS         : 'tos';
FLOWLABEL   : 'flowlabel';
FLAGS       : 'flags' | 'Flags';
VAL         : 'val';
WIN         : 'win';
URG         : 'urg';
WSCALE      : 'wscale';
ECT01       : 'ect01';
ECT0        : 'ect0';
ECT1        : 'ect1';
NO_ECN      : 'noecn';
CE          : 'ce';
ID          : 'id';
STATE       : 'state';
LEN         : 'len';

ELLIPSIS    : '...';
OPTION      : '--' [a-zA-Z0-9_]+;
FLOAT       : '-'? [0-9]* '.' [0-9]+;
INTEGER     : '-'? [0-9]+;
HEX_INTEGER : '0x' [0-9a-fA-F]+;
WORD        : [a-zA-Z0-9_]+;
STRING      : '"' ('\\' . | ~["\\])* '"';
BACK_QUOTED : '`' ('\\' . | ~[`\\])* '`';
CODE        : '%{' .*? '}%';
IPV4_ADDR   : DEC_OCTETS;
IPV6_ADDR
    : H4 (':' H4) (':' H4) (':' H4) (':' H4) (':' H4) (':' H4) (':' H4)
    | (H4 ':') (H4 ':') (H4 ':') (H4 ':') (H4 ':') (H4 ':') DEC_OCTETS
    | (H4 (':' H4)*)? '::' ((H4 ':')* (H4 | DEC_OCTETS))?
    ;

fragment DEC_OCTETS : [0-9]+ '.' [0-9]+ '.' [0-9]+ '.' [0-9]+;
fragment H4         : HEX HEX? HEX? HEX?;
fragment HEX        : [0-9a-fA-F];

LINE_COMMENT  : '//' ~[\n]* -> skip;
BLOCK_COMMENT : '/*' .*? '*/' -> skip;
WHITESPACE    : [ \t\r\n\f]+ -> skip;

// An opening delimiter whose closing one never comes: only ever matched when the full token above cannot be
// (longest match), so ScriptParser reports "unterminated ..." at the opening.
UNTERMINATED_STRING  : '"';
UNTERMINATED_COMMAND : '`';
UNTERMINATED_CODE    : '%{';
UNTERMINATED_COMMENT : '/*';

PLUS   : '+';
STAR   : '*';
TILDE  : '~';
LT     : '<';
GT     : '>';
LPAREN : '(';
RPAREN : ')';
LBRACK : '[';
RBRACK : ']';
LBRACE : '{';
RBRACE : '}';
COMMA  : ',';
EQUALS : '=';
PIPE   : '|';
COLON  : ':';
DOT    : '.';
MINUS  : '-';

/** Any other character (packetdrill passes it to the parser, which rejects it). */
OTHER  : . ;
