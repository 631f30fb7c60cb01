# bash completion for citysnap. Commands and options are read from the
# tool's own --help, so a new command or option completes without an edit
# here.
_citysnap()
{
    local cur prev words cword
    _init_completion || return

    local cmd="" i
    for ((i = 1; i < cword; i++)); do
        if [[ ${words[i]} != -* ]]; then
            cmd=${words[i]}
            break
        fi
    done

    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--help --version' -- "$cur"))
        else
            local cmds
            cmds=$("$1" --help 2>/dev/null |
                awk '/^Commands:/ {on = 1; next}
                     on && /^$/ {exit}
                     on && /^  [a-z]/ {print $1}')
            COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
        fi
        return
    fi

    case $prev in
        -o | --output)
            [[ $cmd == batch ]] && _filedir -d || _filedir
            return
            ;;
        -F | --format)
            COMPREPLY=($(compgen -W 'png svg pdf' -- "$cur"))
            return
            ;;
        --legend)
            COMPREPLY=($(compgen -W 'bottom right none' -- "$cur"))
            return
            ;;
        --page)
            COMPREPLY=($(compgen -W 'a4 a5 square' -- "$cur"))
            return
            ;;
        --fonts)
            _filedir -d
            return
            ;;
        -t | --targets | -f | --framework | -b | --bands | --style | \
            -p | --previous | --manifest-out | --book)
            _filedir
            return
            ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W '$(_parse_help "$1" "$cmd --help")' \
            -- "$cur"))
        [[ ${COMPREPLY-} == *= ]] && compopt -o nospace 2>/dev/null
        return
    fi
    _filedir
}
complete -F _citysnap citysnap
